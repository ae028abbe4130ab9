#!/usr/bin/env bash
# Installs the Debian packages AskLibrary needs, when they are missing. Used by run.sh and test.sh.
#   ensure-deps.sh run    — what the service needs
#   ensure-deps.sh test   — what the service and the tests need (adds chromium, redis-server)
set -euo pipefail

mode="${1:-run}"
# python3-jieba: the 349k-word dictionary the knowledge-base search segments Chinese with (docs/search.md).
run_packages=(nodejs npm python3-jieba)
test_packages=(chromium redis-server fonts-noto-cjk)

wanted=("${run_packages[@]}")
if [[ "$mode" == "test" ]]; then wanted+=("${test_packages[@]}"); fi

missing=()
for pkg in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    # Node may come from elsewhere (nodesource, nvm): accept any working node and npm.
    if [[ "$pkg" == "nodejs" ]] && command -v node >/dev/null; then continue; fi
    if [[ "$pkg" == "npm" ]] && command -v npm >/dev/null; then continue; fi
    missing+=("$pkg")
  fi
done

if ((${#missing[@]})); then
  echo "Installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  if [[ "$(id -u)" != "0" ]]; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The email tests run a real SMTP server written with npm smtp-server (tests/smtp-sink).
if [[ "$mode" == "test" ]]; then
  (cd "$(dirname "$0")/../tests/smtp-sink" && npm ci --no-audit --no-fund --silent)
fi
