#!/usr/bin/env bash
# Browser tests for the default theme (headless Chromium driven by playwright-core).
#
#   bash tests/browser/run.sh            # from any directory
#
# Builds tests/fixtures/search (guides, questions and ideas) with the townhall
# binary into a temporary folder, the repository's own docs site under /docs/
# tests/fixtures/xss under /xss/ and tests/fixtures/languages under /langs/,
# serves it on 127.0.0.1 with python3's http.server on a free port, runs every
# tests/browser/*.test.mjs with node's built-in test runner, and stops the server.
#
# Environment:
#   TOWNHALL           townhall binary (default: target/debug/townhall, relative to the repo root)
#   CHROMIUM           browser executable (default: /usr/bin/chromium); it is never downloaded
#   TOWNHALL_THEME_DIR optional: test this theme folder instead of the one compiled into the
#                      binary (copies the fixture and links the folder as its themes/default),
#                      e.g. TOWNHALL_THEME_DIR=themes/default to try CSS edits without recompiling
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

die() { echo "browser tests: $*" >&2; exit 2; }

export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
[[ -x "$CHROMIUM" ]] || die "Chromium not found at $CHROMIUM. Install it first (apt-get install chromium) or set CHROMIUM."
command -v node >/dev/null 2>&1 || die "node is not installed (node 20 or newer is needed)."
command -v python3 >/dev/null 2>&1 || die "python3 is not installed (it serves the built site)."

export TOWNHALL="${TOWNHALL:-target/debug/townhall}"
[[ "$TOWNHALL" = /* ]] || TOWNHALL="$root/$TOWNHALL"; export TOWNHALL
[[ -x "$TOWNHALL" ]] || die "townhall binary not found at $TOWNHALL. Run 'cargo build' first or set TOWNHALL."

if [[ ! -d "$here/node_modules/playwright-core" ]]; then
  command -v npm >/dev/null 2>&1 || die "npm is not installed."
  (cd "$here" && npm ci --silent --no-audit --no-fund)
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/townhall-browser.XXXXXX")"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
base_url="http://127.0.0.1:$port/"

site_root="$root/tests/fixtures/search"
if [[ -n "${TOWNHALL_THEME_DIR:-}" ]]; then
  theme_dir="$(cd "$TOWNHALL_THEME_DIR" && pwd)" || die "TOWNHALL_THEME_DIR=$TOWNHALL_THEME_DIR is not a folder."
  cp -R "$site_root" "$work/fixture"
  rm -rf "$work/fixture/public" "$work/fixture/themes"
  mkdir -p "$work/fixture/themes"
  ln -s "$theme_dir" "$work/fixture/themes/default"
  site_root="$work/fixture"
  echo "browser tests: using the theme in $theme_dir"
fi

"$TOWNHALL" build --quiet --color never --root "$site_root" --output "$work/site" \
  --no-cache --today 2026-11-25 --base-url "$base_url"
# The sources are built where they are: --no-cache keeps the builds from
# writing a cache into them.
# The repository's own documentation site under /docs/ (its reference tables
# are what the layout tests measure), then the XSS corpus under /xss/; each
# after the main one (a build replaces its output folder).
"$TOWNHALL" build --quiet --color never --root "$root" --output "$work/site/docs" \
  --no-cache --today 2026-11-25 --base-url "${base_url}docs/"
"$TOWNHALL" build --quiet --color never --root "$root/tests/fixtures/xss" --output "$work/site/xss" \
  --no-cache --today 2026-11-25 --base-url "${base_url}xss/"
# The multilingual fixture under /langs/ (English, /langs/fr/, /langs/ar/),
# whose search the tests compare with `townhall search --lang` on its source.
"$TOWNHALL" build --quiet --color never --root "$root/tests/fixtures/languages" --output "$work/site/langs" \
  --no-cache --today 2026-11-25 --base-url "${base_url}langs/"
export LANGUAGES_ROOT="$root/tests/fixtures/languages"

python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/site" >"$work/server.log" 2>&1 &
server_pid=$!

ready=""
for _ in $(seq 1 100); do
  if python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' "$base_url" 2>/dev/null; then
    ready=1
    break
  fi
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
[[ -n "$ready" ]] || { cat "$work/server.log" >&2; die "the test server did not start on $base_url."; }

export BASE_URL="$base_url"
status=0
node --test --test-reporter=spec "$here"/*.test.mjs || status=$?
if [[ $status -ne 0 ]]; then
  echo "browser tests: FAILED (exit $status)" >&2
fi
exit "$status"
