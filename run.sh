#!/usr/bin/env bash
# Runs AskLibrary on the embedded store with the starter knowledge base and the demo page.
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure-deps.sh run
exec dotnet run --project server/AskLibrary.Server.csproj -c Release -- "$@"
