#!/usr/bin/env bash
# Runs the whole test suite: installs the tools it needs, builds, and runs every test project.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
"$root/scripts/install-tools.sh"
dotnet build ActressOnnx.sln -c Release -nologo -v q
"$root/scripts/lint-infra.sh"
dotnet test ActressOnnx.sln -c Release --no-build -nologo -v q --logger "console;verbosity=normal" "$@"
