#!/usr/bin/env bash
# Installs the Debian packages the platform and its tests need, if any is missing:
#   janus, rtpengine-daemon, coturn, kamailio, redis-server  servers started by devstack
#   sip-tester, baresip  SIP peers for the telephony tests (sipp, baresip)
#   espeak-ng, sox       synthetic speech and audio conversion for IVR tests
#   chromium, chromium-driver  headless browser for the console and WebRTC tests
#   fonts-wqy-zenhei     a CJK TrueType font that ticket-service embeds (as a subset) in PDF case files
# Runs apt-get update only when something is missing; uses sudo when not root; never asks questions.
set -euo pipefail

packages=(janus rtpengine-daemon coturn kamailio redis-server sip-tester baresip espeak-ng sox chromium chromium-driver fonts-wqy-zenhei)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "system packages: all ${#packages[@]} present"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: missing packages ${missing[*]} and no apt-get here: install them by hand (Debian 12 package names)." >&2
  exit 1
fi

as_root=()
if [[ $(id -u) -ne 0 ]]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "error: missing packages ${missing[*]}; not root and no sudo to install them." >&2
    exit 1
  fi
  as_root=(sudo)
fi

echo "system packages: installing ${missing[*]}"
apt_options=(-y -q -o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300 update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_options[@]}" install "${missing[@]}"
