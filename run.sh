#!/usr/bin/env bash
# Runs AskLibrary on the embedded store with the starter knowledge base and the demo page.
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure-deps.sh run
# Listen on 5080 unless told otherwise (ASPNETCORE_URLS or --urls).
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://localhost:5080}"
exec dotnet run --project server/AskLibrary.Server.csproj -c Release -- "$@"
