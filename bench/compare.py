#!/usr/bin/env python3
"""Two townhall binaries on the same corpus, in paired runs: did a change
make the build slower?

    python3 bench/compare.py OLD_BINARY NEW_BINARY              # 10,000 pages, 5 pairs
    python3 bench/compare.py OLD NEW --pages 1000 --runs 3

Generates the shared corpus (../shared/bench/gen_corpus.py) on tmpfs, then
builds it cold (`--no-cache`, empty output folder) with each binary in turn,
alternating which goes first so that drift hits both alike, and prints the
median wall and CPU time (user+sys) and peak RSS of each and the new/old
ratios. A benchmark, not a test.
"""
import argparse
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import GEN, SHM, timed  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    src = SHM / f"townhall-bench-{args.pages}"
    out = SHM / f"townhall-compare-{args.pages}-out"
    if not src.exists():
        subprocess.run([sys.executable, GEN, "--pages", str(args.pages), "--format", "townhall", "--out", src],
                       check=True, stdout=subprocess.DEVNULL)
    results = {"old": [], "new": []}
    for run in range(args.runs):
        order = ["old", "new"] if run % 2 == 0 else ["new", "old"]
        for which in order:
            binary = getattr(args, which).resolve()
            shutil.rmtree(out, ignore_errors=True)
            results[which].append(timed([binary, "build", "--quiet", "--no-cache", "--root", src,
                                         "--output", out, "--today", "2026-11-25"]))
    shutil.rmtree(out, ignore_errors=True)
    medians = {}
    for which in ["old", "new"]:
        runs = results[which]
        medians[which] = [statistics.median(r[i] for r in runs) for i in range(3)]
        wall, cpu, rss = medians[which]
        print(f"{which}: wall {wall:.2f} s, CPU {cpu:.2f} s, peak RSS {rss:.0f} MB "
              f"(walls {', '.join(f'{r[0]:.2f}' for r in runs)})")
    (ow, oc, orss), (nw, nc, nrss) = medians["old"], medians["new"]
    print(f"new/old at {args.pages} pages, {args.runs} pairs: wall {nw / ow:.3f}x, CPU {nc / oc:.3f}x, RSS {nrss / orss:.3f}x")


if __name__ == "__main__":
    main()
