#!/usr/bin/env python3
"""Build benchmark: townhall against Hugo on the shared synthetic corpus.

    python3 bench/build.py                 # 1,000 and 10,000 pages, 3 runs each
    python3 bench/build.py --sizes 1000 --runs 1 --no-hugo

Generates the corpus (../shared/bench/gen_corpus.py) in townhall's and Hugo's
layouts on tmpfs, builds each alternately (cold output folder every run), and
prints wall time, CPU time (user+sys), peak RSS, pages/s, output files and
bytes, and townhall/Hugo ratios. Hugo comes from Debian's package; it is
installed when missing and this runs as root. A benchmark, not a test.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEN = ROOT.parent / "shared" / "bench" / "gen_corpus.py"
SHM = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path("/tmp")


def timed(cmd, cwd=None, ok=(0,)):
    """Runs cmd under /usr/bin/time -v; returns (wall s, cpu s, peak RSS MB).
    An exit code outside `ok` stops the benchmark."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-v", *cmd], cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode not in ok:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
    user = float(re.search(r"User time \(seconds\): ([\d.]+)", proc.stderr).group(1))
    system = float(re.search(r"System time \(seconds\): ([\d.]+)", proc.stderr).group(1))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1)) / 1024
    return wall, user + system, rss


def tree_size(path):
    files = 0
    size = 0
    for base, _, names in os.walk(path):
        for name in names:
            files += 1
            size += os.path.getsize(os.path.join(base, name))
    return files, size


def ensure_hugo():
    if shutil.which("hugo"):
        return True
    if os.geteuid() != 0:
        print("hugo is not installed (and not root): skipping Hugo", file=sys.stderr)
        return False
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "hugo"], check=True, stdout=subprocess.DEVNULL)
    return shutil.which("hugo") is not None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-hugo", action="store_true")
    args = parser.parse_args()

    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    townhall = ROOT / "target" / "release" / "townhall"
    hugo = not args.no_hugo and ensure_hugo()

    rows = []
    for n in args.sizes:
        src = SHM / f"townhall-bench-{n}"
        out = SHM / f"townhall-bench-{n}-out"
        hsrc = SHM / f"hugo-bench-{n}"
        for layout, path in [("townhall", src), ("hugo", hsrc)]:
            if layout == "hugo" and not hugo:
                continue
            if not path.exists():
                subprocess.run([sys.executable, GEN, "--pages", str(n), "--format", layout, "--out", path], check=True, stdout=subprocess.DEVNULL)
        results = {"townhall": [], "hugo": []}
        for _ in range(args.runs):
            shutil.rmtree(out, ignore_errors=True)
            # --no-cache: every run cold, as Hugo's are (bench/warm.py measures the cache)
            results["townhall"].append(timed([townhall, "build", "--quiet", "--no-cache", "--root", src, "--output", out,
                                              "--today", "2026-11-25"]))
            th_files, th_bytes = tree_size(out)
            if hugo:
                shutil.rmtree(hsrc / "public", ignore_errors=True)
                results["hugo"].append(timed(["hugo", "--quiet", "--source", hsrc, "--destination", hsrc / "public"]))
                h_files, h_bytes = tree_size(hsrc / "public")
        for tool in ["townhall", "hugo"]:
            if not results[tool]:
                continue
            wall = statistics.median(r[0] for r in results[tool])
            cpu = statistics.median(r[1] for r in results[tool])
            rss = statistics.median(r[2] for r in results[tool])
            files, size = (th_files, th_bytes) if tool == "townhall" else (h_files, h_bytes)
            rows.append((n, tool, wall, cpu, rss, n / wall, files, size))

    print(f"{'pages':>7} {'tool':<9} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} {'pages/s':>9} {'files':>7} {'MB out':>8}")
    for n, tool, wall, cpu, rss, pps, files, size in rows:
        print(f"{n:>7} {tool:<9} {wall:>8.2f} {cpu:>8.2f} {rss:>8.0f} {pps:>9.0f} {files:>7} {size / 1e6:>8.1f}")
    by = {(r[0], r[1]): r for r in rows}
    for n in args.sizes:
        t, h = by.get((n, "townhall")), by.get((n, "hugo"))
        if t and h:
            print(f"{n:>7} townhall/hugo: wall {t[2] / h[2]:.2f}x, cpu {t[3] / h[3]:.2f}x, memory {t[4] / h[4]:.2f}x")
    if len(args.sizes) >= 2:
        small, large = min(args.sizes), max(args.sizes)
        t1, t2 = by.get((small, "townhall")), by.get((large, "townhall"))
        if t1 and t2:
            print(f"townhall growth: wall({large}) / wall({small}) = {t2[2] / t1[2]:.1f} for {large / small:.0f}x the pages")


if __name__ == "__main__":
    main()
