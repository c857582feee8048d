#!/usr/bin/env bash
# Builds and lints Bicep files with the Bicep CLI (installed from NuGet into .tools/ when missing).
# Fails on any error and on any warning except BCP081 for Microsoft.Bing/accounts, whose type
# information Bicep does not ship. With no arguments it checks infra/main.bicep and checks that
# infra/main.parameters.json names only parameters main.bicep declares.
#   scripts/lint-infra.sh [FILE.bicep ...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bicep_version=0.49.2
tools="$root/.tools"
bicep="$tools/bicep-pkg/azure.bicep.commandline.linux-x64/$bicep_version/tools/bicep"

if [ ! -x "$bicep" ]; then
  if [ ! -f "$bicep" ]; then
    mkdir -p "$tools"
    dotnet package download "Azure.Bicep.CommandLine.linux-x64@$bicep_version" --output "$tools/bicep-pkg" >/dev/null
  fi
  chmod +x "$bicep"
fi

check_parameters_file=0
if [ $# -eq 0 ]; then
  set -- "$root/infra/main.bicep"
  check_parameters_file=1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Keeps a diagnostic line unless it is the one expected warning; prints what it keeps.
unexpected_diagnostics() {
  grep -E ' : (Error|Warning|Info) ' "$1" \
    | grep -Ev ' : Warning BCP081: Resource type "Microsoft\.Bing/accounts@' || true
}

failed=0
for file in "$@"; do
  if [ ! -f "$file" ]; then
    echo "error: $file does not exist" >&2
    failed=1
    continue
  fi
  name="$(basename "$file" .bicep)"
  for command in build lint; do
    log="$work/$name.$command.log"
    status=0
    if [ "$command" = build ]; then
      "$bicep" build "$file" --outfile "$work/$name.json" >"$log" 2>&1 || status=$?
    else
      "$bicep" lint "$file" >"$log" 2>&1 || status=$?
    fi
    unexpected="$(unexpected_diagnostics "$log")"
    if [ "$status" -ne 0 ] || [ -n "$unexpected" ]; then
      echo "error: bicep $command $file failed (exit $status):" >&2
      if [ -n "$unexpected" ]; then echo "$unexpected" >&2; else cat "$log" >&2; fi
      failed=1
    fi
  done
done

if [ "$failed" -eq 0 ] && [ "$check_parameters_file" -eq 1 ]; then
  python3 - "$work/main.json" "$root/infra/main.parameters.json" <<'PY' || failed=1
import json, sys
template = json.load(open(sys.argv[1]))
parameters = json.load(open(sys.argv[2]))["parameters"]
declared = template["parameters"]
unknown = sorted(set(parameters) - set(declared))
missing = sorted(name for name, spec in declared.items() if "defaultValue" not in spec and name not in parameters)
if unknown:
    print(f"error: infra/main.parameters.json sets parameters main.bicep does not declare: {', '.join(unknown)}", file=sys.stderr)
if missing:
    print(f"error: infra/main.parameters.json lacks required parameters: {', '.join(missing)}", file=sys.stderr)
sys.exit(1 if unknown or missing else 0)
PY
fi

if [ "$failed" -ne 0 ]; then
  exit 1
fi
echo "infra: bicep build and lint passed ($*)"
