#!/usr/bin/env python3
"""Turns an mdBook source tree (a folder of Markdown chapters with a
SUMMARY.md) into a townhall site, the way a team migrating would: every
chapter becomes a guide titled by its first heading, every folder a section,
images and other files are copied beside the pages.

    python3 bench/mdbook_site.py SRC OUT --title "The Book"

- the first heading of a chapter becomes its front-matter `title` (inline
  code, emphasis and links reduced to their text) and leaves the body;
- mdBook directives (`{{#include ...}}`, `{{#rustdoc_include ...}}`) are
  dropped: townhall has no include mechanism and the included listings are
  code, not prose;
- `SUMMARY.md` is dropped (townhall builds the navigation from the folders);
- a folder gets an `_index.md` titled from its README.md's first heading, or
  its name;
- `site.toml` sets `[check] broken_links = "warn"` and
  `broken_anchors = "warn"`: links that leave the converted folder (to
  `../listings/`, to other books) and anchors of removed headings must not
  stop the build.

Links between chapters are left as written (`ch04-01-x.md`, `x.html`,
`dir/index.html`); townhall resolves each form to the page's URL.
"""
import argparse
import json
import re
import shutil
from pathlib import Path

HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.M)
DIRECTIVE = re.compile(r"^[ \t]*\{\{#[a-z_]+[^}]*\}\}[ \t]*\n?", re.M)
FENCE = re.compile(r"^(```|~~~)", re.M)


def plain(markdown):
    """A heading's Markdown as plain text."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)  # links and images
    text = re.sub(r"\[([^\]]*)\]\[[^\]]*\]", r"\1", text)  # reference links
    text = re.sub(r"<[^>]+>", "", text)  # raw HTML tags (<a id=...>)
    text = text.replace("`", "")
    text = re.sub(r"(\*\*|__|\*|(?<!\w)_|_(?!\w))", "", text)
    return " ".join(text.split())


def first_heading(text):
    """The first heading outside code fences: (title, start, end) or None."""
    fenced = False
    offset = 0
    for line in text.splitlines(keepends=True):
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            m = HEADING.match(line)
            if m:
                return plain(m.group(2)), offset, offset + len(line)
        offset += len(line)
    return None


def front_matter(title):
    # a JSON string is a valid YAML double-quoted scalar
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n"


def convert_page(text, fallback_title):
    text = DIRECTIVE.sub("", text)
    found = first_heading(text)
    if found:
        title, start, end = found
        body = text[:start] + text[end:]
    else:
        title, body = fallback_title, text
    return front_matter(title or fallback_title) + body.lstrip("\n")


def convert(src, out, title, base_url="https://book.example.com", section="book"):
    """Writes the site for the mdBook folder `src` into `out` (replaced)."""
    src, out = Path(src), Path(out)
    shutil.rmtree(out, ignore_errors=True)
    guides = out / "content" / "guides" / section
    guides.mkdir(parents=True)
    (out / "site.toml").write_text(
        f'title = {json.dumps(title)}\nbase_url = "{base_url}"\nlanguage = "en"\n\n'
        '[check]\nbroken_links = "warn"\nbroken_anchors = "warn"\n',
        encoding="utf-8",
    )
    (out / "content" / "_index.md").write_text(front_matter(title) + f"{title}, converted from mdBook.\n", encoding="utf-8")
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        target = guides / rel
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix != ".md":
            shutil.copyfile(path, target)
        elif path.name != "SUMMARY.md":
            fallback = path.stem.replace("-", " ").replace("_", " ")
            target.write_text(convert_page(path.read_text(encoding="utf-8"), fallback), encoding="utf-8")
    for folder in sorted([guides, *[p for p in guides.rglob("*") if p.is_dir()]]):
        index = folder / "_index.md"
        if index.exists():
            continue
        readme = src / folder.relative_to(guides) / "README.md"
        found = first_heading(readme.read_text(encoding="utf-8")) if readme.is_file() else None
        name = found[0] if found else (title if folder == guides else folder.name.replace("-", " ").replace("_", " "))
        index.write_text(front_matter(name), encoding="utf-8")
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("src", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--title", default="Book")
    args = parser.parse_args()
    convert(args.src, args.out, args.title)


if __name__ == "__main__":
    main()
