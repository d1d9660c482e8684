#!/usr/bin/env bash
# What the tests need from the operating system, installed when possible: Debian's Chromium (reports printed to PDF,
# the console's browser tests; browsers are never downloaded), poppler-utils (pdftotext reads the printed reports back)
# and fonts-noto-cjk (Chinese text prints as text, not as empty boxes). As root with apt-get this installs what is
# missing; otherwise it stops with the exact line to run.
set -euo pipefail

packages=()
chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$chromium_path" ] || packages+=(chromium)
command -v pdftotext >/dev/null 2>&1 || packages+=(poppler-utils)
# grep reads all of fc-list's output (no -q): under pipefail an early exit would fail fc-list with SIGPIPE.
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || packages+=(fonts-noto-cjk)

[ ${#packages[@]} -eq 0 ] && exit 0

line="apt-get install -y ${packages[*]}"
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing ${packages[*]} (Debian packages the tests need)"
  export DEBIAN_FRONTEND=noninteractive
  if apt-get update -qq && apt-get install -y -qq "${packages[@]}" >/dev/null; then exit 0; fi
  echo "could not install ${packages[*]}; run as root: $line" >&2
  exit 1
fi
echo "The tests need ${packages[*]}. Run as root: $line (or sudo $line), then run the tests again." >&2
exit 1
