#!/usr/bin/env bash
# Runs every test: unit, integration (Kestrel + real SignalR clients) and browser (Debian Chromium).
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure-deps.sh test
dotnet build AskLibrary.sln -c Release
dotnet test AskLibrary.sln -c Release --no-build --logger "console;verbosity=normal" "$@"
