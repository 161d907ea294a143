#!/usr/bin/env python3
"""Live-reload benchmark: how long from saving a guide to `townhall serve`
serving the rebuilt page, on the shared synthetic corpus.

    cargo build --release
    python3 bench/serve.py                    # 10,000 pages, 20 saves
    python3 bench/serve.py --pages 1000 --saves 10

Generates the corpus (../shared/bench/gen_corpus.py) on tmpfs, times one
clean `townhall build` for comparison, starts `townhall serve` (release
binary) on it, then edits one guide's body `--saves` times. For each save it
measures, on the wall clock from the moment the file is written:

* page: until GET of the guide's URL returns the new text (polled every 2 ms);
* site: until serve prints `site up to date` (the whole output folder equals
  a clean build again: section, tag and search files included).

Each save waits for the previous one's site to settle, as a writer who
saves every few seconds would. Prints median and p95 of both. A benchmark,
not a test: CI does not run it.
"""
import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEN = ROOT.parent / "shared" / "bench" / "gen_corpus.py"
SHM = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path("/tmp")
BIN = ROOT / "target" / "release" / "townhall"
TODAY = "2026-11-25"


def percentile(values, p):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as reply:
            return reply.read().decode("utf-8", "replace")
    except OSError:
        return ""


class Serve:
    """`townhall serve` with its stdout collected as (time, line)."""

    def __init__(self, site, out):
        self.lines = []
        self.lock = threading.Lock()
        env = dict(os.environ, NO_COLOR="1", TMPDIR=str(SHM))
        env.pop("SOURCE_DATE_EPOCH", None)
        self.proc = subprocess.Popen(
            [str(BIN), "serve", "--root", str(site), "--port", "0", "--today", TODAY, "--output", str(out)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            with self.lock:
                self.lines.append((time.perf_counter(), line.rstrip("\n")))

    def wait_line(self, prefix, after=0.0, timeout=600.0):
        """The time of the first line starting with prefix printed after `after`."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            with self.lock:
                for at, line in self.lines:
                    if at >= after and line.startswith(prefix):
                        return at, line
            if self.proc.poll() is not None:
                sys.exit(f"serve exited with {self.proc.returncode}")
            time.sleep(0.002)
        sys.exit(f"timed out waiting for `{prefix}`")

    def stop(self):
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--saves", type=int, default=20)
    args = parser.parse_args()
    if not BIN.is_file():
        sys.exit(f"{BIN} is missing: run `cargo build --release` first")

    corpus = SHM / f"th-serve-corpus-{args.pages}"
    if not corpus.is_dir():
        subprocess.run([sys.executable, str(GEN), "--pages", str(args.pages), "--format", "townhall",
                        "--out", str(corpus)], check=True, stdout=subprocess.DEVNULL)
    site = SHM / "th-serve-site"
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(corpus, site)
    built, served = SHM / "th-serve-build", SHM / "th-serve-out"
    for d in (built, served):
        shutil.rmtree(d, ignore_errors=True)

    start = time.perf_counter()
    build = subprocess.run([str(BIN), "build", "--root", str(site), "--output", str(built), "--today", TODAY,
                            "--base-url", "http://127.0.0.1:1111/", "-q", "--color", "never"],
                           capture_output=True, text=True)
    full = time.perf_counter() - start
    if build.returncode != 0:
        sys.exit(f"the corpus does not build:\n{build.stderr[-3000:]}")
    print(f"full build ({args.pages} pages): {full:.2f} s")

    guides = sorted((site / "content" / "guides").glob("*/*.md"))
    guide = next(g for g in guides if g.name != "_index.md")
    url_path = f"/guides/{guide.parent.name}/{guide.stem}/"
    original = guide.read_text()

    server = Serve(site, served)
    start = time.perf_counter()
    _, line = server.wait_line("serving ")
    print(f"serve's first build: {time.perf_counter() - start:.2f} s")
    url = line.split()[1].rstrip("/") + url_path
    if "<h1" not in fetch(url):
        server.stop()
        sys.exit(f"{url} is not a page")

    pages, sites = [], []
    try:
        for n in range(args.saves):
            marker = f"benchmark-save-{n}-{time.time_ns()}"
            guide.write_text(original + f"\n{marker}\n")
            saved = time.perf_counter()
            while marker not in fetch(url):
                if time.perf_counter() - saved > 600:
                    sys.exit(f"save {n}: the page never showed the edit")
                time.sleep(0.002)
            pages.append(time.perf_counter() - saved)
            settled, _ = server.wait_line("site up to date", after=saved)
            sites.append(settled - saved)
            # serve's own account of the fast step: load, parse, resolve, render+write
            _, ready = server.wait_line(str(guide.relative_to(site)), after=saved, timeout=5)
            inside = ready[ready.find("(") + 1:ready.rfind(")")]
            print(f"  save {n + 1:2}: page {pages[-1] * 1000:6.0f} ms   site {sites[-1] * 1000:6.0f} ms   [{inside}]")
        status = Path(f"/proc/{server.proc.pid}/status")
        peak = next((l.split()[1] for l in status.read_text().splitlines() if l.startswith("VmHWM")), None) \
            if status.exists() else None
    finally:
        server.stop()
        guide.write_text(original)

    def summary(name, values):
        ms = [v * 1000 for v in values]
        print(f"{name}: median {statistics.median(ms):.0f} ms, p95 {percentile(ms, 95):.0f} ms, "
              f"min {min(ms):.0f} ms, max {max(ms):.0f} ms")

    print(f"{args.saves} saves of {guide.relative_to(site)} ({url_path}):")
    summary("  save -> page served", pages)
    summary("  save -> site up to date", sites)
    print(f"  full build for comparison: {full * 1000:.0f} ms")
    if peak:
        print(f"  serve's peak memory: {int(peak) / 1024:.0f} MB")


if __name__ == "__main__":
    main()
