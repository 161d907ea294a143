#!/usr/bin/env python3
"""Strict checks of a built townhall site's machine-readable outputs.

    python3 tests/seo/check_site.py SITE_DIR

- every .xml file is well-formed; Atom feeds have the required elements,
  absolute URLs and RFC 3339 dates; sitemaps have absolute <loc>s and valid
  <lastmod> dates;
- every JSON-LD block parses and carries the types and the properties
  Google requires for them (WebSite/SearchAction, BreadcrumbList,
  TechArticle, QAPage, DiscussionForumPosting, CreativeWork);
- every HTML page has a <title>, a meta description, a canonical link with
  an absolute URL, and <html lang>.
Exits 1 and lists every problem when anything is wrong.
"""
import json
import re
import sys
import xml.etree.ElementTree as ET
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
problems = []


def problem(path, message):
    problems.append(f"{path}: {message}")


def absolute(url):
    return re.match(r"^https?://[^/\s]+(/\S*)?$", url or "") is not None


def rfc3339(text):
    try:
        datetime.fromisoformat((text or "").replace("Z", "+00:00"))
        return bool(re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", text or ""))
    except ValueError:
        return False


def check_atom(path, root):
    for tag in ["id", "title", "updated"]:
        if root.find(ATOM + tag) is None:
            problem(path, f"feed has no <{tag}>")
    if not rfc3339(root.findtext(ATOM + "updated")):
        problem(path, "feed <updated> is not an RFC 3339 date")
    if not any(l.get("rel") == "self" and absolute(l.get("href")) for l in root.findall(ATOM + "link")):
        problem(path, "feed has no absolute rel=self link")
    if root.find(ATOM + "author") is None and any(e.find(ATOM + "author") is None for e in root.findall(ATOM + "entry")):
        problem(path, "feed or every entry needs an <author>")
    ids = set()
    for entry in root.findall(ATOM + "entry"):
        entry_id = entry.findtext(ATOM + "id")
        if not absolute(entry_id):
            problem(path, f"entry id {entry_id!r} is not an absolute URL")
        if entry_id in ids:
            problem(path, f"entry id {entry_id!r} is used twice")
        ids.add(entry_id)
        if not entry.findtext(ATOM + "title"):
            problem(path, f"entry {entry_id} has no title")
        if not rfc3339(entry.findtext(ATOM + "updated")):
            problem(path, f"entry {entry_id} has no valid <updated>")
        links = entry.findall(ATOM + "link")
        if not links or not all(absolute(l.get("href")) for l in links):
            problem(path, f"entry {entry_id} needs absolute links")


def check_sitemap(path, root):
    urls = root.findall(SITEMAP + "url")
    if len(urls) > 50000:
        problem(path, "a sitemap holds at most 50,000 URLs")
    for url in urls:
        loc = url.findtext(SITEMAP + "loc")
        if not absolute(loc):
            problem(path, f"<loc> {loc!r} is not an absolute URL")
        lastmod = url.findtext(SITEMAP + "lastmod")
        if lastmod is not None:
            try:
                date.fromisoformat(lastmod)
            except ValueError:
                problem(path, f"<lastmod> {lastmod!r} of {loc} is not a date")


def check_xml(path):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        problem(path, f"not well-formed XML: {e}")
        return
    if root.tag == ATOM + "feed":
        check_atom(path, root)
    elif root.tag == SITEMAP + "urlset":
        check_sitemap(path, root)
    elif root.tag == SITEMAP + "sitemapindex":
        for entry in root.findall(SITEMAP + "sitemap"):
            if not absolute(entry.findtext(SITEMAP + "loc")):
                problem(path, "sitemap index <loc> must be absolute")
    else:
        problem(path, f"unexpected XML document <{root.tag}>")


REQUIRED = {
    "BreadcrumbList": ["itemListElement"],
    "TechArticle": ["headline"],
    "QAPage": ["mainEntity"],
    # an unanswered question: Google allows QAPage only with an answer
    "DiscussionForumPosting": ["headline", "text", "author", "datePublished", "url"],
    "CreativeWork": ["name"],
    "WebSite": ["name", "url"],
}


def check_ld(path, block):
    kind = block.get("@type")
    if block.get("@context") != "https://schema.org":
        problem(path, f"{kind}: @context must be https://schema.org")
    if kind not in REQUIRED:
        problem(path, f"unexpected JSON-LD type {kind!r}")
        return
    for key in REQUIRED[kind]:
        if key not in block or block[key] in ("", None, []):
            problem(path, f"{kind} lacks {key}")
    if kind == "BreadcrumbList":
        for i, item in enumerate(block.get("itemListElement", []), 1):
            if item.get("@type") != "ListItem" or item.get("position") != i or not item.get("name") or not absolute(item.get("item")):
                problem(path, f"BreadcrumbList item {i} needs @type ListItem, position {i}, name and an absolute item URL")
    if kind == "WebSite":
        action = block.get("potentialAction") or {}
        template = (action.get("target") or {}).get("urlTemplate", "")
        if action.get("@type") != "SearchAction" or "{search_term_string}" not in template or "search_term_string" not in action.get("query-input", ""):
            problem(path, "WebSite needs a SearchAction with a {search_term_string} urlTemplate and query-input")
    if kind == "QAPage":
        q = block.get("mainEntity") or {}
        if q.get("@type") != "Question":
            problem(path, "QAPage mainEntity must be a Question")
        for key in ["name", "answerCount", "dateCreated", "author"]:
            if key not in q:
                problem(path, f"Question lacks {key}")
        answers = ([q["acceptedAnswer"]] if "acceptedAnswer" in q else []) + q.get("suggestedAnswer", [])
        if q.get("answerCount", 0) != len(answers):
            problem(path, "answerCount differs from the answers listed")
        if not answers:
            problem(path, "QAPage needs at least one answer (use DiscussionForumPosting until then)")
        for a in answers:
            for key in ["text", "upvoteCount", "dateCreated", "url", "author"]:
                if key not in a:
                    problem(path, f"Answer lacks {key}")
            if not absolute(a.get("url")):
                problem(path, "Answer url must be absolute")
    if kind == "DiscussionForumPosting":
        if not absolute(block.get("url")):
            problem(path, "DiscussionForumPosting url must be absolute")
        if (block.get("author") or {}).get("@type") != "Person":
            problem(path, "DiscussionForumPosting author must be a Person")
    if kind == "TechArticle":
        for key in ["dateModified", "author"]:
            if key not in block:
                problem(path, f"TechArticle lacks {key}")


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ld = []
        self.in_ld = False
        self.buf = ""
        self.title = False
        self.meta = {}
        self.canonical = None
        self.lang = None
        self.refresh = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "title":
            self.title = True
        if tag == "meta" and a.get("name"):
            self.meta[a["name"]] = a.get("content")
        if tag == "meta" and a.get("http-equiv") == "refresh":
            self.refresh = True
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href")
        if tag == "script" and a.get("type") == "application/ld+json":
            self.in_ld = True
            self.buf = ""

    def handle_endtag(self, tag):
        if tag == "script" and self.in_ld:
            self.in_ld = False
            self.ld.append(self.buf)

    def handle_data(self, data):
        if self.in_ld:
            self.buf += data


def check_html(path):
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    for raw in page.ld:
        try:
            block = json.loads(raw)
        except json.JSONDecodeError as e:
            problem(path, f"JSON-LD does not parse: {e}")
            continue
        check_ld(path, block)
    if not page.lang:
        problem(path, "<html> has no lang")
    if not page.title:
        problem(path, "no <title>")
    if not absolute(page.canonical):
        problem(path, "no absolute canonical link")
    if not page.refresh and path.name != "404.html" and not page.meta.get("description") and "search" not in path.parts:
        problem(path, "no meta description")


def main():
    site = Path(sys.argv[1])
    counts = {"xml": 0, "html": 0}
    for path in sorted(site.rglob("*")):
        if path.suffix == ".xml":
            check_xml(path)
            counts["xml"] += 1
        elif path.suffix == ".html":
            check_html(path)
            counts["html"] += 1
    if problems:
        print("\n".join(problems))
        print(f"{len(problems)} problems in {counts['html']} pages and {counts['xml']} XML files")
        sys.exit(1)
    print(f"checked {counts['html']} pages and {counts['xml']} XML files: no problems")


if __name__ == "__main__":
    main()
