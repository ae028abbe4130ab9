#!/usr/bin/env bash
# Runs every test: unit, integration (Kestrel + real SignalR clients) and browser (Debian Chromium).
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure-deps.sh test
dotnet build AskLibrary.sln -c Release
results="$PWD/TestResults/run-$(date +%Y%m%d-%H%M%S)"
status=0
dotnet test AskLibrary.sln -c Release --no-build --logger "console;verbosity=normal" --logger trx \
  --results-directory "$results" "$@" || status=$?
if [ "$status" -ne 0 ]; then
  # The two test projects run side by side and their output interleaves; name what failed at the very end.
  python3 scripts/test-failures.py "$results" || true
fi
exit "$status"
