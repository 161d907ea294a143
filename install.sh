#!/bin/sh
# Installs a prebuilt townhall from a GitHub release, checksum-verified.
#
#   curl -fsSL https://github.com/townhall-ssg/townhall/releases/latest/download/install.sh | sh
#   sh install.sh --version 0.1.0 --dir /usr/local/bin
#
# Options (or environment variables):
#   --version X.Y.Z   TOWNHALL_VERSION       default: the latest release
#   --dir DIR         TOWNHALL_INSTALL_DIR   default: ~/.local/bin
#   --download-url U  TOWNHALL_DOWNLOAD_URL  default: the repository's releases
#                                            (a mirror, or a local test server)
# Linux gets the static musl build (any distribution), macOS the native one.
# On Windows, use the .zip from the release page or `pip install townhall`.
set -eu

# The release repository: Cargo.toml's `repository`. A test keeps the two
# equal; a fork changes both (or sets TOWNHALL_REPOSITORY).
repository="${TOWNHALL_REPOSITORY:-townhall-ssg/townhall}"
version="${TOWNHALL_VERSION:-}"
dir="${TOWNHALL_INSTALL_DIR:-}"
download_url="${TOWNHALL_DOWNLOAD_URL:-}"

say() { printf 'install.sh: %s\n' "$*" >&2; }
die() {
    say "error: $*"
    exit 1
}

while [ $# -gt 0 ]; do
    case $1 in
    --version) [ $# -ge 2 ] || die "--version needs a value"; version=$2; shift 2 ;;
    --dir) [ $# -ge 2 ] || die "--dir needs a value"; dir=$2; shift 2 ;;
    --download-url) [ $# -ge 2 ] || die "--download-url needs a value"; download_url=$2; shift 2 ;;
    -h | --help)
        sed -n '2,15p' "$0" 2>/dev/null | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *) die "unknown option $1 (try --help)" ;;
    esac
done

if [ -z "$dir" ]; then
    [ -n "${HOME:-}" ] || die "HOME is not set; pass --dir DIR"
    dir="$HOME/.local/bin"
fi
version=${version#v}
case $version in
"" | [0-9]*.[0-9]*.[0-9]*) ;;
*) die "version '$version' is not X.Y.Z" ;;
esac

os=$(uname -s)
arch=$(uname -m)
case $arch in
x86_64 | amd64) arch=x86_64 ;;
aarch64 | arm64) arch=aarch64 ;;
*) die "no prebuilt townhall for the $arch processor; try: pip install townhall, or cargo install --locked townhall" ;;
esac
case $os in
Linux) target="$arch-unknown-linux-musl" ;;
Darwin) target="$arch-apple-darwin" ;;
MINGW* | MSYS* | CYGWIN* | Windows_NT) die "on Windows, download townhall-x86_64-pc-windows-msvc.zip from the release page, or run: pip install townhall" ;;
*) die "no prebuilt townhall for $os; try: pip install townhall, or cargo install --locked townhall" ;;
esac

base="${download_url:-https://github.com/$repository/releases}"
base=${base%/}
if [ -n "$version" ]; then
    base="$base/download/v$version"
else
    base="$base/latest/download"
fi
archive="townhall-$target.tar.gz"

fetch() {
    if command -v curl >/dev/null 2>&1; then
        curl -fsSL --retry 2 -o "$2" "$1"
    elif command -v wget >/dev/null 2>&1; then
        wget -q -O "$2" "$1"
    else
        die "neither curl nor wget is installed"
    fi
}

sha256() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$1" | cut -d ' ' -f 1
    elif command -v shasum >/dev/null 2>&1; then
        shasum -a 256 "$1" | cut -d ' ' -f 1
    elif command -v openssl >/dev/null 2>&1; then
        openssl dgst -sha256 "$1" | sed 's/^.*= *//'
    else
        die "no SHA-256 tool (sha256sum, shasum or openssl) to verify the download"
    fi
}

tmp=$(mktemp -d 2>/dev/null || mktemp -d -t townhall)
trap 'rm -rf "$tmp"' EXIT INT TERM

say "downloading $base/$archive"
fetch "$base/$archive" "$tmp/$archive" || die "could not download $base/$archive"
fetch "$base/$archive.sha256" "$tmp/$archive.sha256" || die "could not download $base/$archive.sha256"

expected=$(cut -d ' ' -f 1 <"$tmp/$archive.sha256" | tr -d '\r\n')
actual=$(sha256 "$tmp/$archive")
if [ -z "$expected" ] || [ "$expected" != "$actual" ]; then
    die "checksum mismatch for $archive (expected ${expected:-nothing}, got $actual); nothing was installed"
fi

mkdir -p "$tmp/unpacked"
tar -xzf "$tmp/$archive" -C "$tmp/unpacked" || die "could not unpack $archive"
[ -f "$tmp/unpacked/townhall" ] || die "$archive holds no townhall binary"

mkdir -p "$dir" || die "cannot create $dir"
# Copy next to the target, then rename: a running townhall is never half-written.
cp "$tmp/unpacked/townhall" "$dir/.townhall.new" || die "cannot write into $dir"
chmod 755 "$dir/.townhall.new"
mv -f "$dir/.townhall.new" "$dir/townhall"

say "installed $("$dir/townhall" --version 2>/dev/null || echo townhall) into $dir"
case ":${PATH:-}:" in
*":$dir:"*) ;;
*) say "note: $dir is not on your PATH; add it, e.g. export PATH=\"$dir:\$PATH\"" ;;
esac
