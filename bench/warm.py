#!/usr/bin/env python3
"""Warm builds and `check`, against a cold build, in one run.

    python3 bench/warm.py                    # 10,000 pages, 3 runs
    python3 bench/warm.py --pages 2000 --runs 1

Generates the shared corpus (../shared/bench/gen_corpus.py) on tmpfs and,
alternately per run, times:

* a cold build (`--no-cache`),
* a warm build: a build that wrote the persistent cache, then one guide
  edited, then the timed build reading that cache,
* `townhall check`,

and prints each one's median wall and CPU time and peak memory, with its
ratio to the cold build. It also checks that the warm build's output is
byte-identical to a cold build of the same edited source. A benchmark, not a
test: CI does not run it.
"""
import argparse
import filecmp
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import GEN, ROOT, SHM, timed  # noqa: E402

TODAY = "2026-11-25"


def same_tree(a, b):
    compared = filecmp.dircmp(a, b)
    if compared.left_only or compared.right_only or compared.diff_files or compared.funny_files:
        return False
    return all(same_tree(Path(a) / d, Path(b) / d) for d in compared.common_dirs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--townhall", default=str(ROOT / "target" / "release" / "townhall"))
    args = parser.parse_args()
    binary = args.townhall
    site = SHM / f"th-warm-{args.pages}"
    shutil.rmtree(site, ignore_errors=True)
    subprocess.run([sys.executable, GEN, "--pages", str(args.pages), "--format", "townhall", "--out", site],
                   check=True, stdout=subprocess.DEVNULL)
    guide = sorted((site / "content" / "guides").rglob("*.md"))[-1]
    build = [binary, "build", "--today", TODAY, "--quiet"]
    results = {"cold build": [], "warm build": [], "check": []}
    for run in range(args.runs):
        cold_out, warm_out = SHM / "th-warm-cold", SHM / "th-warm-out"
        results["cold build"].append(timed([*build, "--no-cache", "--output", cold_out], cwd=site))
        shutil.rmtree(site / ".townhall", ignore_errors=True)
        timed([*build, "--output", warm_out], cwd=site)
        with open(guide, "a", encoding="utf-8") as f:
            f.write(f"\nEdited in run {run}.\n")
        results["warm build"].append(timed([*build, "--output", warm_out], cwd=site))
        results["check"].append(timed_check(binary, site))
        timed([*build, "--no-cache", "--output", cold_out], cwd=site)
        if not same_tree(cold_out, warm_out):
            sys.exit("the warm build's output differs from a cold build's")
    cold = statistics.median(r[0] for r in results["cold build"])
    cold_cpu = statistics.median(r[1] for r in results["cold build"])
    print(f"{args.pages} pages, median of {args.runs}; warm output identical to cold: yes")
    print(f"{'':12} {'wall':>8} {'CPU':>8} {'memory':>9} {'wall/cold':>10} {'CPU/cold':>9}")
    for name, runs in results.items():
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        rss = statistics.median(r[2] for r in runs)
        print(f"{name:12} {wall:7.2f}s {cpu:7.2f}s {rss:7.0f}MB {wall / cold:10.2f} {cpu / cold_cpu:9.2f}")


def timed_check(binary, site):
    """`check` exits 1 when the corpus has problems (it has on purpose), so
    it is timed without `timed`'s exit-status check."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-v", binary, "check", "--today", TODAY],
                          cwd=site, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"check failed to run: {proc.stderr[-2000:]}")
    user = float(re.search(r"User time \(seconds\): ([\d.]+)", proc.stderr).group(1))
    system = float(re.search(r"System time \(seconds\): ([\d.]+)", proc.stderr).group(1))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1)) / 1024
    return wall, user + system, rss


if __name__ == "__main__":
    main()
