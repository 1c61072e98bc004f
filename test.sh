#!/usr/bin/env bash
# The test command: builds the solution and runs every test project.
set -euo pipefail
cd "$(dirname "$0")"
dotnet test Breakwater.sln -c Release --nologo "$@"
