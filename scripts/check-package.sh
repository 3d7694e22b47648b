#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The ScaleDeck authors
# SPDX-License-Identifier: Apache-2.0
# Builds the Debian package from an optimised build (Release, no tests, no sanitizers: the ASan build is never
# packaged) and checks what it installs: lintian, the installed binaries' --version, the desktop entry, the
# AppStream metainfo, the hicolor icons, the man pages, the bash completion, the systemd unit. The package's
# files are unpacked into a throw-away root (dpkg-deb -x), never installed on this machine. Every check runs
# even after one fails; the script exits non-zero if any did, and ends with a one-line summary.
#   scripts/check-package.sh [BUILD_DIR]   (default: ${SCALEDECK_BUILD_DIR:-build}-package, in the repository)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_default="${SCALEDECK_BUILD_DIR:-build}-package"
build="${1:-$build_default}"
[[ "$build" = /* ]] || build="$root/$build"
started=$SECONDS

say() { printf '[check-package] %s\n' "$*"; }
failures=()
# Each failure is told in full where it happens, and its first line again in the summary.
fail() { printf '[check-package] FAILED: %s\n' "$*" >&2; failures+=("${1%%$'\n'*}"); }

for tool in cmake cpack dpkg-buildflags dpkg-deb lintian desktop-file-validate appstreamcli file man readelf; do
    command -v "$tool" >/dev/null || { echo "[check-package] FAILED: $tool missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
done

# The build. CMAKE_BUILD_TYPE and the sanitizer options are given explicitly, so a build folder configured
# another way before is reconfigured rather than packaged as it was.
# The compiler and linker flags are Debian's hardening (dpkg-buildflags, as a Debian package build gets them:
# fortified libc calls, stack protector, full RELRO with immediate binding; lintian reports their absence) without
# its -g -O2, so the Release build's -O3 stays and no debug info is built only to be stripped. Asked from the
# repository, so -ffile-prefix-map makes the paths in the binaries relative to it.
say "building Release into $build"
buildflags() { (cd "$root" && DEB_BUILD_MAINT_OPTIONS=hardening=+all DEB_CXXFLAGS_MAINT_STRIP="-g -O2" \
    dpkg-buildflags --get "$1"); }
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
# Without the precompiled header: this build is where GCC sees that each file includes what it uses.
SCALEDECK_BUILD_DIR="$build" SCALEDECK_BUILD_TYPE=Release "$root/scripts/build.sh" -DBUILD_TESTING=OFF \
    -DSCALEDECK_BENCH=OFF -DSCALEDECK_SANITIZE=OFF -DSCALEDECK_FUZZ=OFF -DSCALEDECK_SHARED_LIBS=OFF -DSCALEDECK_GUI=ON \
    -DSCALEDECK_PCH=OFF "${launcher[@]}" \
    -DCMAKE_CXX_FLAGS="$(buildflags CPPFLAGS) $(buildflags CXXFLAGS)" -DCMAKE_EXE_LINKER_FLAGS="$(buildflags LDFLAGS)"
version="$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")"
[[ -n "$version" ]] || { echo "[check-package] FAILED: no CMAKE_PROJECT_VERSION in $build/CMakeCache.txt" >&2; exit 1; }

say "cpack -G DEB"
deb="$build/scaledeck_${version}_$(dpkg --print-architecture).deb"
rm -f "$build"/scaledeck_*.deb
(cd "$build" && cpack -G DEB >"$build/cpack.log" 2>&1) || { cat "$build/cpack.log" >&2; exit 1; }
[[ -f "$deb" ]] || { echo "[check-package] FAILED: cpack made no $deb" >&2; cat "$build/cpack.log" >&2; exit 1; }
say "$(basename "$deb"): $(du -h "$deb" | cut -f1)"

# lintian: errors fail; warnings, infos and pedantic notes are printed. (As root it says it would rather not
# be; that line is left out.)
say "lintian"
lintian_out="$(lintian --display-info --pedantic --fail-on error "$deb" 2>&1)" || fail "lintian: errors (E: below) or lintian failed"
lintian_out="$(grep -v '^running with root privileges is not recommended!$' <<<"$lintian_out" || true)"
[[ -z "$lintian_out" ]] || printf '%s\n' "$lintian_out"
count_tags() { grep -c "^$1: " <<<"$lintian_out" || true; }
lintian_counts="lintian $(count_tags E) E, $(count_tags W) W, $(count_tags I) I, $(count_tags P) P"
say "$lintian_counts"

dest="$(mktemp -d /tmp/scaledeck-package.XXXXXX)"
trap 'rm -rf "$dest"' EXIT
dpkg-deb -x "$deb" "$dest"

# The binaries, run from the unpacked root against the system's Qt. --version must print the project's version.
for binary in scaledeckctl scaledeck; do
    say "$binary --version"
    # Never the sanitized build: it would need the sanitizer runtimes and run several times slower.
    if readelf -d "$dest/usr/bin/$binary" | grep -q 'NEEDED.*\(libasan\|libubsan\|libtsan\|liblsan\)'; then
        fail "$binary links a sanitizer runtime"
    fi
    if ! out="$(QT_QPA_PLATFORM=offscreen "$dest/usr/bin/$binary" --version 2>&1)"; then
        fail "$binary --version exits non-zero: $(head -n 3 <<<"$out")"
        continue
    fi
    sed 's/^/  /' <<<"$out"
    grep -qF "$version" <<<"$out" || fail "$binary --version does not print $version"
done

say "desktop-file-validate"
desktop="$dest/usr/share/applications/io.github.scaledeck.ScaleDeck.desktop"
if [[ -f "$desktop" ]]; then
    # Errors make it exit non-zero; warnings do not, but are as much a defect here.
    out="$(desktop-file-validate "$desktop" 2>&1)" || fail "desktop-file-validate: $out"
    [[ -z "$out" ]] && printf '  ok\n' || printf '%s\n' "$out"
    grep -q ': warning: ' <<<"$out" && fail "desktop-file-validate warns"
else
    fail "no $desktop"
fi

# validate-tree checks the metainfo together with what it refers to in the installed tree: the launchable's
# desktop entry and the icon. --no-net: the screenshots' URLs are not fetched.
say "appstreamcli validate"
metainfo="$dest/usr/share/metainfo/io.github.scaledeck.ScaleDeck.metainfo.xml"
if [[ -f "$metainfo" ]]; then
    appstreamcli validate --no-net --pedantic "$metainfo" | sed 's/^/  /' || fail "appstreamcli validate"
    appstreamcli validate-tree --no-net "$dest" | sed 's/^/  /' || fail "appstreamcli validate-tree"
else
    fail "no $metainfo"
fi

say "hicolor icons"
icons="$dest/usr/share/icons/hicolor"
[[ -f "$icons/scalable/apps/scaledeck.svg" ]] || fail "no scalable icon"
for size in 16 22 24 32 48 64 128 256; do
    png="$icons/${size}x${size}/apps/scaledeck.png"
    if [[ ! -f "$png" ]]; then
        fail "no ${size}x${size} icon"
    elif ! file "$png" | grep -q "PNG image data, $size x $size,"; then
        fail "${size}x${size} icon is $(file -b "$png")"
    fi
done

say "man pages"
for page in scaledeck scaledeckctl; do
    gz="$dest/usr/share/man/man1/$page.1.gz"
    if [[ ! -f "$gz" ]]; then
        fail "no man page $page(1)"
        continue
    fi
    # man's own warnings (bad requests, lines it cannot fit) count as failures, as lintian's
    # groff-message and manpage-has-errors-from-man do.
    if ! out="$(MANWIDTH=80 LC_ALL=C.UTF-8 man --warnings -l "$gz" 2>&1 >/dev/null)" || [[ -n "$out" ]]; then
        fail "man -l $page.1.gz: $out"
    fi
    MANWIDTH=80 man -l "$gz" 2>/dev/null | grep -q "^NAME" || fail "$page(1) renders no NAME section"
done

say "bash completion"
completion="$dest/usr/share/bash-completion/completions/scaledeckctl"
if [[ -f "$completion" ]]; then
    bash -n "$completion" || fail "bash -n $completion"
    # Sourcing it must register a completion for the command (bash-completion loads it by the command's name).
    bash -c '. "$1" && complete -p scaledeckctl' _ "$completion" >/dev/null 2>&1 ||
        fail "the completion file registers no completion for scaledeckctl"
else
    fail "no $completion"
fi

# systemd-analyze verify with --root resolves the unit's dependencies (sysinit.target, ...) and its ExecStart
# inside the root, so the host's own units are copied beside the package's (into lib/, which the package does
# not use). Its Documentation=man: pages it looks up with man, on MANPATH: the package's. It exits 0 on a
# misspelt key or value and only prints a warning: any output is a failure.
say "systemd-analyze verify"
unit="$dest/usr/lib/systemd/system/scaledeck-controller@.service"
if [[ ! -f "$unit" ]]; then
    fail "no $unit"
elif ! command -v systemd-analyze >/dev/null; then
    fail "systemd-analyze missing (apt install systemd)"
else
    mkdir -p "$dest/lib/systemd/system"
    cp -a /usr/lib/systemd/system/. "$dest/lib/systemd/system/"
    if ! out="$(MANPATH="$dest/usr/share/man" systemd-analyze verify --root="$dest" \
        scaledeck-controller@check.service 2>&1)" || [[ -n "$out" ]]; then
        fail "systemd-analyze verify: $out"
    fi
    rm -rf "$dest/lib"
fi

# The Prometheus rules, once their branch is merged (packaging/CMakeLists.txt installs them if present).
if [[ -f "$root/packaging/prometheus/scaledeck-rules.yml" ]]; then
    say "Prometheus rules"
    rules="$dest/usr/share/doc/scaledeck/examples/scaledeck-rules.yml"
    if [[ ! -f "$rules" ]]; then
        fail "no $rules"
    elif command -v promtool >/dev/null; then
        promtool check rules "$rules" >/dev/null || fail "promtool check rules $rules"
    fi
fi

elapsed=$((SECONDS - started))
if ((${#failures[@]})); then
    summary="$(printf '%s; ' "${failures[@]}")"
    echo "check-package: FAILED ${#failures[@]} check(s): ${summary%; } -- $(basename "$deb"); $lintian_counts; ${elapsed}s" >&2
    exit 1
fi
echo "check-package: OK $(basename "$deb"); $lintian_counts; ${elapsed}s"
