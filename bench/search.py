#!/usr/bin/env python3
"""Search benchmark: townhall's sharded index against Pagefind, on the same
built site.

    python3 bench/search.py                  # 1,000 and 10,000 pages
    python3 bench/search.py --sizes 1000 --runs 1

For each size it generates the shared synthetic corpus
(../shared/bench/gen_corpus.py) on tmpfs, builds it with townhall
(`--timings`, median of --runs builds: the `search` phase is the index build),
then runs Pagefind (npm package `pagefind`) on that same output folder.
It serves the folder over HTTP and, in headless Chromium (playwright-core),
types a set of typical queries into each engine with an empty cache,
recording every file fetched until the results are on screen. It prints:

* index build time (townhall's `search` phase; Pagefind's whole run and peak memory),
* total index bytes, raw and gzip-compressed (what a static host sends),
* bytes fetched for a first query (median over the queries), gzip-compressed,
  with and without each engine's JavaScript/WebAssembly runtime,
* time from a keystroke to rendered results with the index loaded
  (median and p95; "warm" = shards and documents already in memory).

The queries are the eight most frequent title words of the corpus plus two
two-word titles prefixes, so they hit the biggest shards. A benchmark, not
a test: CI does not run it. Installs its npm packages into bench/node_modules.
"""
import argparse
import collections
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import GEN, ROOT, SHM, timed  # noqa: E402

BENCH = ROOT / "bench"
TODAY = "2026-11-25"
RUNTIME = re.compile(r"(search(-ui)?\.[0-9a-f]+\.js|search(-ui)?\.js|pagefind\.js|pagefind-entry\.json|wasm\.[^/]*\.pagefind|\.pagefind)$")


def ensure_npm():
    if not (BENCH / "node_modules" / "pagefind").exists():
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent"], cwd=BENCH, check=True)


def gz(path):
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":  # Pagefind ships its index files gzipped
        return len(data)
    return len(gzip.compress(data, 6, mtime=0))


def tree_bytes(path):
    raw = packed = files = 0
    for base, _, names in os.walk(path):
        for name in names:
            p = Path(base) / name
            files += 1
            raw += p.stat().st_size
            packed += gz(p)
    return files, raw, packed


def queries_for(src, out):
    stop = set(json.loads((out / "search" / "manifest.json").read_text())["stop"])
    titles = []
    for md in sorted((src / "content").rglob("*.md")):
        m = re.search(r'^title: "?(.*?)"?$', md.read_text(encoding="utf-8"), re.M)
        if m and not md.name.startswith("_"):
            titles.append(m.group(1))
    words = collections.Counter(w for t in titles for w in re.findall(r"\w+", t.lower()) if w not in stop and len(w) > 2)
    top = [w for w, _ in sorted(words.items(), key=lambda kv: (-kv[1], kv[0]))[:8]]
    pairs = [" ".join([w for w in re.findall(r"\w+", t.lower()) if w not in stop][:2]) for t in titles[::max(1, len(titles) // 2)][:2]]
    return top + pairs


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder):
    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def browser(out, engine, page, queries, preloaded=()):
    """`preloaded`: runtime files the page loads before any query (counted
    into the total, since a reader downloads them too)."""
    server = serve(out)
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump(queries, f)
        proc = subprocess.run(
            ["node", BENCH / "search-browser.mjs", f"http://127.0.0.1:{server.server_port}", engine, page, f.name],
            capture_output=True, text=True, cwd=BENCH,
        )
        os.unlink(f.name)
        if proc.returncode != 0:
            sys.exit(f"browser run failed ({engine}):\n{proc.stderr[-3000:]}")
        result = json.loads(proc.stdout)
    finally:
        server.shutdown()
    firsts = []
    for run in result["cold"]:
        files = [out / p.lstrip("/") for p in dict.fromkeys(run["fetched"])]
        files = [f for f in files if f.is_file()]
        total = sum(gz(f) for f in files) + sum(gz(f) for f in preloaded)
        index = sum(gz(f) for f in files if not RUNTIME.search(f.name))
        firsts.append((index, total, run["elapsed"]))
    return {
        "first_index": statistics.median(f[0] for f in firsts),
        "first_total": statistics.median(f[1] for f in firsts),
        "first_ms": statistics.median(f[2] for f in firsts),
        "first_run": result["first_run"],
        "warm": result["warm"],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--townhall", type=Path, help="measure this binary instead of building target/release/townhall "
                        "(byte counts do not depend on the build profile; times do)")
    parser.add_argument("--no-pagefind", action="store_true", help="measure townhall alone")
    parser.add_argument("--queries", help="the queries, separated by |, instead of the corpus's most frequent title words "
                        "(to compare two versions whose stop words differ)")
    args = parser.parse_args()

    if args.townhall:
        townhall = args.townhall.resolve()
    else:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        townhall = ROOT / "target" / "release" / "townhall"
    ensure_npm()
    pagefind = BENCH / "node_modules" / ".bin" / "pagefind"

    rows = []
    for n in args.sizes:
        src = SHM / f"townhall-bench-{n}"
        out = SHM / f"search-bench-{n}-out"
        if not src.exists():
            subprocess.run([sys.executable, GEN, "--pages", str(n), "--format", "townhall", "--out", src], check=True, stdout=subprocess.DEVNULL)
        search_ms = []
        for _ in range(args.runs):
            shutil.rmtree(out, ignore_errors=True)
            proc = subprocess.run([townhall, "build", "--root", src, "--output", out, "--today", TODAY, "--timings"], capture_output=True, text=True)
            if proc.returncode != 0:
                sys.exit(proc.stderr[-3000:])
            search_ms.append(float(re.search(r"^\s*search\s+([\d.]+) ms", proc.stderr, re.M).group(1)))
        th_files, th_raw, th_gz = tree_bytes(out / "search")
        pf_runs = []
        for _ in range(0 if args.no_pagefind else args.runs):
            shutil.rmtree(out / "pagefind", ignore_errors=True)
            pf_runs.append(timed([pagefind, "--site", out, "--silent"]))
        pf_files, pf_raw, pf_gz = tree_bytes(out / "pagefind") if pf_runs else (0, 0, 0)
        queries = args.queries.split("|") if args.queries else queries_for(src, out)
        page = "/"
        th = browser(out, "townhall", page, queries, [out / "assets" / "search.js", out / "assets" / "search-ui.js"])
        pf = None if args.no_pagefind else browser(out, "pagefind", page, queries)
        rows.append({
            "pages": n, "queries": queries,
            "townhall": {"build_s": statistics.median(search_ms) / 1000, "rss_mb": None, "files": th_files, "raw": th_raw, "gz": th_gz, **th},
        })
        if pf:
            rows[-1]["pagefind"] = {"build_s": statistics.median(r[0] for r in pf_runs), "rss_mb": statistics.median(r[2] for r in pf_runs),
                                    "files": pf_files, "raw": pf_raw, "gz": pf_gz, **pf}

    print(f"{'pages':>7} {'engine':<9} {'index s':>8} {'files':>6} {'index MB':>9} {'gz MB':>7} {'1st q KB':>9} {'+runtime':>9} {'1st q ms':>9} {'warm ms':>8} {'p95':>6}")
    for r in rows:
        for engine in [e for e in ["townhall", "pagefind"] if e in r]:
            e = r[engine]
            print(f"{r['pages']:>7} {engine:<9} {e['build_s']:>8.2f} {e['files']:>6} {e['raw'] / 1e6:>9.1f} {e['gz'] / 1e6:>7.1f} "
                  f"{e['first_index'] / 1e3:>9.1f} {e['first_total'] / 1e3:>9.1f} {e['first_ms']:>9.0f} {e['warm']['median']:>8.1f} {e['warm']['p95']:>6.1f}")
        t, p = r["townhall"], r.get("pagefind")
        print(f"        queries: {', '.join(r['queries'])}")
        if not p:
            continue
        print(f"{r['pages']:>7} townhall/pagefind: first-query bytes {t['first_total'] / p['first_total']:.2f}x "
              f"(index only {t['first_index'] / p['first_index']:.2f}x); first keystroke with a loaded index "
              f"{t['first_run']['median']:.1f} ms vs {p['first_run']['median']:.1f} ms (median)")
    if any("pagefind" in r for r in rows):
        print("(index s: townhall's `search` build phase; Pagefind's whole run, peak "
              + ", ".join(f"{r['pagefind']['rss_mb']:.0f} MB" for r in rows if "pagefind" in r) + ")")


if __name__ == "__main__":
    main()
