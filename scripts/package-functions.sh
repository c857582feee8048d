#!/usr/bin/env bash
# Builds the zip Azure Functions deploys (runtime dotnet-isolated): the .NET isolated worker (functions/Worker)
# published for linux-x64 with ReadyToRun, framework-dependent (Flex Consumption provides .NET 10), with host.json,
# functions.metadata (the functions, routes and auth levels the host indexes) and worker.config.json at the root.
#   scripts/package-functions.sh [--zip FILE] [--dir FOLDER]
# --zip: where the package goes (default artifacts/functions-package.zip).
# --dir: where the unpacked package goes too (default artifacts/functions-package; azd deploys it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
zip_path="$root/artifacts/functions-package.zip"
dir_path="$root/artifacts/functions-package"

while [ $# -gt 0 ]; do
  case "$1" in
    --zip) zip_path="${2:?--zip needs a file path}"; shift 2 ;;
    --dir) dir_path="${2:?--dir needs a folder path}"; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "error: unknown argument '$1'; usage: scripts/package-functions.sh [--zip FILE] [--dir FOLDER]" >&2; exit 2 ;;
  esac
done
zip_path="$(realpath -m "$zip_path")"
dir_path="$(realpath -m "$dir_path")"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
app="$work/app"

# A separate artifacts path keeps this RID-specific publish away from the normal build's bin/ and obj/.
dotnet publish "$root/functions/Worker/ActressOnnx.Functions.csproj" \
  -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  --artifacts-path "$work/build" -o "$app" \
  --disable-build-servers -nologo -v q

# Checks what the Functions host reads, then writes the zip with each file's Unix mode.
python3 - "$app" "$zip_path" <<'PY'
import json, os, sys, tempfile, zipfile

app, zip_path = sys.argv[1], sys.argv[2]
for required in ("host.json", "functions.metadata", "worker.config.json"):
    if not os.path.isfile(os.path.join(app, required)):
        sys.exit(f"error: the worker's publish output has no {required}; is functions/Worker built with Microsoft.Azure.Functions.Worker.Sdk?")
worker = json.load(open(os.path.join(app, "worker.config.json")))["description"]
if worker.get("language") != "dotnet-isolated":
    sys.exit(f"error: worker.config.json says language '{worker.get('language')}', expected dotnet-isolated")
if not os.path.isfile(os.path.join(app, worker["defaultWorkerPath"])):
    sys.exit(f"error: worker.config.json names '{worker['defaultWorkerPath']}', which the publish output lacks")
if not json.load(open(os.path.join(app, "functions.metadata"))):
    sys.exit("error: functions.metadata lists no functions")

os.makedirs(os.path.dirname(zip_path), exist_ok=True)
fd, temp_path = tempfile.mkstemp(dir=os.path.dirname(zip_path), suffix=".zip.tmp")
os.close(fd)
try:
    with zipfile.ZipFile(temp_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for folder, dirs, files in os.walk(app):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(folder, name)
                archive.write(path, os.path.relpath(path, app))
    os.replace(temp_path, zip_path)
except BaseException:
    os.unlink(temp_path)
    raise
PY

mkdir -p "$(dirname "$dir_path")"
rm -rf "$dir_path.new"
mv "$app" "$dir_path.new"
rm -rf "$dir_path"
mv "$dir_path.new" "$dir_path"

echo "package: $zip_path ($(du -h "$zip_path" | cut -f1)), unpacked in $dir_path"
