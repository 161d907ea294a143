#!/usr/bin/env python3
"""Stress benchmark: a 100,000-page site (guides, questions with answers,
ideas) built on this machine, against the same build at 10,000 pages.

    python3 bench/stress.py                       # 10,000 and 100,000 pages
    python3 bench/stress.py --sizes 10000 50000
    python3 bench/stress.py --sizes 300000 --dir /var/tmp --check --townhall BIN

Generates the shared synthetic corpus (../shared/bench/gen_corpus.py) on
tmpfs (or --dir, for sizes tmpfs cannot hold), builds each size once cold
(empty output folder, no cache), with --check also runs `townhall check` on
it, and prints wall time, CPU time, peak memory, output files and bytes, and
how time and memory grow from the smallest size to the largest compared with
the number of pages (growth 1.0 = linear). Targets: the largest build completes, under 4 GB peak,
and time grows no faster than linearly. A benchmark, not a test.
"""
import argparse
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import GEN, ROOT, SHM, timed, tree_size  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--dir", type=Path, default=SHM, help="where the corpus and output go (default: tmpfs)")
    parser.add_argument("--check", action="store_true", help="also time `townhall check` on each size")
    parser.add_argument("--townhall", type=Path, help="this binary instead of building target/release/townhall")
    args = parser.parse_args()
    townhall = args.townhall
    if townhall is None:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        townhall = ROOT / "target" / "release" / "townhall"
    rows = []
    checks = []
    for n in args.sizes:
        src = args.dir / f"townhall-bench-{n}"
        out = args.dir / f"townhall-bench-{n}-out"
        if not src.exists():
            subprocess.run([sys.executable, GEN, "--pages", str(n), "--format", "townhall", "--out", src], check=True, stdout=subprocess.DEVNULL)
        shutil.rmtree(out, ignore_errors=True)
        wall, cpu, rss = timed([townhall, "build", "--quiet", "--no-cache", "--root", src, "--output", out, "--today", "2026-11-25"])
        files, size = tree_size(out)
        rows.append((n, wall, cpu, rss, files, size))
        shutil.rmtree(out, ignore_errors=True)
        if args.check:
            checks.append((n, *timed([townhall, "check", "--root", src, "--today", "2026-11-25"], ok=(0, 1))))
    print(f"{'pages':>8} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} {'pages/s':>8} {'files':>8} {'MB out':>8}")
    for n, wall, cpu, rss, files, size in rows:
        print(f"{n:>8} {wall:>8.1f} {cpu:>8.1f} {rss:>8.0f} {n / wall:>8.0f} {files:>8} {size / 1e6:>8.0f}")
    for (n, wall, cpu, rss), row in zip(checks, rows):
        print(f"{n:>8} check: wall {wall:.1f} s, CPU {cpu:.1f} s, peak {rss:.0f} MB; "
              f"check/build wall {wall / row[1]:.2f}, CPU {cpu / row[2]:.2f}, memory {rss / row[3]:.2f}")
    (n1, w1, _, r1, _, _), (n2, w2, _, r2, _, _) = rows[0], rows[-1]
    scale = n2 / n1
    print(f"{n2} vs {n1} pages ({scale:.0f}x): wall x{w2 / w1:.1f} (growth {w2 / w1 / scale:.2f}), "
          f"peak memory x{r2 / r1:.1f} (growth {r2 / r1 / scale:.2f}); "
          f"under 4 GB: {'yes' if r2 < 4096 else 'no'}")


if __name__ == "__main__":
    main()
