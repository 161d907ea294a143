#!/usr/bin/env python3
"""Relevance benchmark: townhall's search against Pagefind, on the same
built sites, with queries people wrote.

    python3 bench/relevance.py                       # every tree
    python3 bench/relevance.py --trees rust-book --misses 20
    python3 bench/relevance.py --townhall target/release/townhall --json out.json

For each tree it builds a townhall site (a release binary: built here unless
--townhall names one), runs Pagefind (npm `pagefind`, bench/node_modules) on
that same output folder, derives the queries mechanically from the built
pages, runs every query through both engines in headless Chromium (each
engine's own JavaScript API, every query on one page: see
relevance-browser.mjs) and prints, per tree and per query source, the share
of queries whose target page is the first result (top 1), among the first
three (top 3) and the first ten (top 10), the mean reciprocal rank (MRR,
1/rank within the first ten, else 0), and townhall against Pagefind.

Query sources, derived from the built HTML, never edited by hand:

* `links`: the text of every link in a page's body (`div.prose`) that points
  at another page of the same site; the query is the link text, the target
  the linked page. Dropped: generic texts (`here`, `this chapter`,
  `Chapter 4`, ...; a text with no word left after stop words), URLs and file
  names, texts equal to the target's title (those are what `titles` tests),
  texts sharing no word with the target's title and text (after folding
  plurals and common endings), repeats of a (text, target) pair; at most
  three texts per target (the first in page order).
* `titles` (the control): every page with a body and a title no other page
  has; the query is the exact title.

The trees (fetched git mirrors; any clone of the same commit will do):

| tree | origin | commit | licence |
|---|---|---|---|
| rust-book | The Rust Programming Language, github.com/rust-lang/book, `src/` | 917544888a55 | MIT OR Apache-2.0 |
| mdbook-guide | mdBook's user guide, github.com/rust-lang/mdBook, `guide/src/` | 641d06abe7d1 | MPL-2.0 |
| townhall-docs | this repository's `content/` (its own site) | the checkout | this repository's licence |

The mdBook trees are converted with bench/mdbook_site.py. Pagefind runs
with its defaults (`pagefind --site OUT`), as a site owner would start;
`--pagefind-root main` gives it only the page's main element instead.
A benchmark, not a test: CI does not run it.
"""
import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import ROOT, SHM  # noqa: E402
from mdbook_site import convert  # noqa: E402
from search import BENCH, TODAY, ensure_npm, serve  # noqa: E402

TREES = {
    "rust-book": {
        "git": "/work/.mirror/rust-lang+book/repo",
        "commit": "917544888a55e4da7109bdba8c88c893c0da70f4",
        "path": "src",
        "title": "The Rust Programming Language",
    },
    "mdbook-guide": {
        "git": "/work/.mirror/rust-lang+mdBook/repo",
        "commit": "641d06abe7d10d981ed61dd2711a30e4119666cd",
        "path": "guide/src",
        "title": "mdBook",
    },
    "townhall-docs": {"root": ROOT},
}
SOURCES = ["links", "titles"]
CONTENT = re.compile(r"^/(guides|questions|ideas)/")
PER_TARGET = 3
GENERIC = {
    "here", "click here", "this", "this page", "this chapter", "this section", "that section", "the chapter",
    "the section", "link", "this link", "more", "read more", "learn more", "see", "see here", "below", "above",
    "next", "previous", "docs", "documentation", "the documentation", "guide", "this guide", "the guide",
    "details", "more details", "example", "the example", "page", "the page", "chapter", "section",
}
NUMBERED = re.compile(r"^(the )?(chapter|section|appendix|part|step|listing)s? [\w.\-]+( and [\w.\-]+)?$")
URLISH = re.compile(r"(://|^www\.|^/|^\S+\.(md|html?|rs|toml|json|ya?ml|txt)$)")
WORD = re.compile(r"\w+")


# -- the built site ---------------------------------------------------------

class Page(HTMLParser):
    """The parts of a built page the queries come from: the h1 in <main>, the
    text of <main>, and the links in the body (`div.prose`) with their text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.main = 0
        self.h1 = None
        self.title = ""
        self.prose_depth = 0
        self.depth = 0
        self.link = None
        self.links = []
        self.text = []
        self.has_body = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.main += 1
        if tag == "h1" and self.main and not self.title:
            self.h1 = []
        if tag == "div":
            self.depth += 1
            if not self.prose_depth and "prose" in (attrs.get("class") or "").split():
                self.prose_depth = self.depth
                self.has_body = True
        if tag == "a" and self.prose_depth and attrs.get("href") is not None:
            self.link = [attrs["href"], []]

    def handle_endtag(self, tag):
        if tag == "main":
            self.main -= 1
        if tag == "h1" and self.h1 is not None:
            self.title = " ".join("".join(self.h1).split())
            self.h1 = None
        if tag == "div":
            if self.prose_depth == self.depth:
                self.prose_depth = 0
            self.depth -= 1
        if tag == "a" and self.link is not None:
            self.links.append((self.link[0], " ".join("".join(self.link[1]).split())))
            self.link = None

    def handle_data(self, data):
        if self.h1 is not None:
            self.h1.append(data)
        if self.link is not None:
            self.link[1].append(data)
        if self.main:
            self.text.append(data)


def read_site(out):
    """url -> Page for every content page of the built site in `out`."""
    pages = {}
    for html in sorted(out.rglob("index.html")):
        url = "/" + str(html.parent.relative_to(out)).replace("\\", "/") + "/"
        url = "/" if url == "/./" else url
        if not CONTENT.match(url):
            continue
        page = Page()
        page.feed(html.read_text(encoding="utf-8"))
        page.text = " ".join(page.text)
        pages[url] = page
    return pages


# -- queries ----------------------------------------------------------------

def fold(word):
    """A light English stemmer for word overlap only (not for ranking)."""
    for ending in ("ings", "ing", "edly", "ies", "ied", "es", "ed", "ly", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def words(text, stop=()):
    return [w for w in WORD.findall(text.lower()) if w not in stop]


def derive_queries(pages, stop):
    """[(source, query, target url)] from the built pages (module docs)."""
    queries = []
    per_target = {}
    seen = set()
    folded = {url: {fold(w) for w in words(p.title + " " + p.text)} for url, p in pages.items()}
    for url, page in pages.items():
        for href, text in page.links:
            target = urlsplit(urljoin(url, href))
            if target.scheme or target.netloc:
                continue
            path = unquote(target.path)
            if not path.endswith("/"):
                path += "/"
            if path == url or path not in pages:
                continue
            norm = " ".join(words(text))
            if not norm or norm in GENERIC or NUMBERED.match(norm) or URLISH.search(text.strip().lower()):
                continue
            content = words(text, stop)
            if not content:
                continue
            if norm == " ".join(words(pages[path].title)):
                continue
            if not {fold(w) for w in content} & folded[path]:
                continue
            if (norm, path) in seen or per_target.get(path, 0) >= PER_TARGET:
                continue
            seen.add((norm, path))
            per_target[path] = per_target.get(path, 0) + 1
            queries.append(("links", text, path))
    titles = {}
    for url, page in pages.items():
        if page.has_body and page.title:
            titles.setdefault(page.title.lower(), []).append(url)
    for url, page in pages.items():
        if page.has_body and page.title and len(titles[page.title.lower()]) == 1:
            queries.append(("titles", page.title, url))
    return queries


# -- running ----------------------------------------------------------------

def prepare(name, tree, work):
    """The site root of a tree (converted into `work` for mdBook trees)."""
    if "root" in tree:
        return tree["root"]
    src = work / f"{name}-src"
    shutil.rmtree(src, ignore_errors=True)
    src.mkdir(parents=True)
    archive = subprocess.run(["git", "--git-dir", tree["git"], "archive", tree["commit"], tree["path"]],
                             capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", src], input=archive.stdout, check=True)
    return convert(src / tree["path"], work / f"{name}-site", tree["title"])


def run_engine(out, engine, queries):
    server = serve(out)
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump(queries, f)
        proc = subprocess.run(
            ["node", BENCH / "relevance-browser.mjs", f"http://127.0.0.1:{server.server_port}", engine, f.name],
            capture_output=True, text=True, cwd=BENCH,
        )
        Path(f.name).unlink()
    finally:
        server.shutdown()
    if proc.returncode != 0:
        sys.exit(f"browser run failed ({engine}):\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout)


def rank(results, target):
    return results.index(target) + 1 if target in results else None


def metrics(ranks):
    n = len(ranks) or 1
    return {
        "n": len(ranks),
        "top1": sum(1 for r in ranks if r == 1) / n,
        "top3": sum(1 for r in ranks if r and r <= 3) / n,
        "top10": sum(1 for r in ranks if r and r <= 10) / n,
        "mrr": sum(1 / r for r in ranks if r) / n,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trees", nargs="+", choices=list(TREES), default=list(TREES))
    parser.add_argument("--townhall", type=Path, help="this binary instead of building target/release/townhall")
    parser.add_argument("--pagefind-root", help="Pagefind's --root-selector (default: Pagefind's own, the whole page)")
    parser.add_argument("--misses", type=int, default=0, help="list up to this many link queries townhall misses in its top 3, per tree")
    parser.add_argument("--json", type=Path, help="also write every query with both engines' ranks here")
    args = parser.parse_args()

    if args.townhall:
        townhall = args.townhall.resolve()
    else:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        townhall = ROOT / "target" / "release" / "townhall"
    ensure_npm()
    pagefind = BENCH / "node_modules" / ".bin" / "pagefind"
    work = SHM / "townhall-relevance"
    work.mkdir(exist_ok=True)

    table, dump = [], []
    for name in args.trees:
        root = prepare(name, TREES[name], work)
        out = work / f"{name}-out"
        shutil.rmtree(out, ignore_errors=True)
        proc = subprocess.run([townhall, "build", "--quiet", "--color", "never", "--root", root, "--output", out, "--today", TODAY],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            sys.exit(f"townhall build of {name} failed:\n{proc.stderr[-3000:]}")
        pf_args = [pagefind, "--site", out, "--silent"]
        if args.pagefind_root:
            pf_args += ["--root-selector", args.pagefind_root]
        subprocess.run(pf_args, check=True)
        stop = set(json.loads((out / "search" / "manifest.json").read_text())["stop"])
        pages = read_site(out)
        queries = derive_queries(pages, stop)
        texts = [q for _, q, _ in queries]
        results = {engine: run_engine(out, engine, texts) for engine in ("townhall", "pagefind")}
        for source in SOURCES + ["all"]:
            chosen = [i for i, q in enumerate(queries) if source in ("all", q[0])]
            row = {"tree": name, "source": source, "pages": len(pages)}
            for engine in results:
                row[engine] = metrics([rank(results[engine][i], queries[i][2]) for i in chosen])
            table.append(row)
        misses = []
        for i, (source, text, target) in enumerate(queries):
            th, pf = rank(results["townhall"][i], target), rank(results["pagefind"][i], target)
            dump.append({"tree": name, "source": source, "query": text, "target": target, "townhall": th, "pagefind": pf,
                         "townhall_top3": results["townhall"][i][:3], "pagefind_top3": results["pagefind"][i][:3]})
            if source == "links" and not (th and th <= 3):
                misses.append(f"  {text!r} -> {target}: townhall {th or '-'}, pagefind {pf or '-'}; townhall's top 3: "
                              + ", ".join(results["townhall"][i][:3]))
        if args.misses and misses:
            print(f"{name}: {len(misses)} link queries miss townhall's top 3 (first {min(args.misses, len(misses))}):")
            print("\n".join(misses[: args.misses]))

    print(f"{'tree':<14} {'source':<7} {'queries':>7}  {'engine':<9} {'top1':>6} {'top3':>6} {'top10':>6} {'MRR':>6}")
    for row in table:
        for engine in ("townhall", "pagefind"):
            m = row[engine]
            label = (row["tree"], row["source"], str(m["n"])) if engine == "townhall" else ("", "", "")
            print(f"{label[0]:<14} {label[1]:<7} {label[2]:>7}  {engine:<9} {m['top1']:>6.1%} {m['top3']:>6.1%} {m['top10']:>6.1%} {m['mrr']:>6.3f}")
        t, p = row["townhall"], row["pagefind"]
        ratio = f"{t['mrr'] / p['mrr']:.2f}x" if p["mrr"] else "-"
        print(f"{'':<31} townhall - pagefind: top3 {100 * (t['top3'] - p['top3']):+.1f} points, MRR {ratio}")
    if args.json:
        args.json.write_text(json.dumps({"table": table, "queries": dump}, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
