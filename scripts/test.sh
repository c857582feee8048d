#!/usr/bin/env bash
# Runs the whole test suite: installs the tools it needs, builds, lints the Bicep, and runs every test project.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
INSTALL_CHROMIUM=1 "$root/scripts/install-tools.sh"
dotnet build ActressOnnx.sln -c Release -nologo -v q
"$root/scripts/lint-infra.sh"

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
dotnet test ActressOnnx.sln -c Release --no-build -nologo -v q --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" || status=$?

# One closing line for all test projects together.
passed=$(awk '/^ +Passed: +[0-9]+$/ { n += $2 } END { print n + 0 }' "$log")
failed=$(awk '/^ +Failed: +[0-9]+$/ { n += $2 } END { print n + 0 }' "$log")
skipped=$(awk '/^ +Skipped: +[0-9]+$/ { n += $2 } END { print n + 0 }' "$log")
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "error: no test ran" >&2
  exit 1
fi
exit "$status"
