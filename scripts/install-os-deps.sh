#!/usr/bin/env bash
# Installs the OS packages the tests use: Graphviz (the system `dot` engine), Chromium
# (page tests, driven by Playwright with no browser download), CJK and emoji fonts. Runs
# apt-get only as root on a Debian-like system; otherwise it says what is missing and
# the tests that need it skip with that reason.
set -u
wanted=()
command -v dot >/dev/null 2>&1 || wanted+=(graphviz)
command -v chromium >/dev/null 2>&1 || wanted+=(chromium)
[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || wanted+=(fonts-noto-cjk)
[ -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || wanted+=(fonts-noto-color-emoji)
if [ ${#wanted[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-os-deps: not root or no apt-get; missing: ${wanted[*]} (tests needing them will skip)" >&2
  exit 0
fi
echo "install-os-deps: installing ${wanted[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${wanted[@]}" >/dev/null; }; then
  echo "install-os-deps: apt-get failed for ${wanted[*]} (tests needing them will skip)" >&2
fi
exit 0
