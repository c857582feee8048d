#!/usr/bin/env bash
# Builds the zip Azure Functions deploys: host.json at the root, one folder per function with its
# function.json, and the custom handler published self-contained for linux-x64 with ReadyToRun,
# as the executable host.json's customHandler.description.defaultExecutablePath names.
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
dotnet publish "$root/functions/ActressOnnx.Functions.csproj" \
  -c Release -r linux-x64 --self-contained true -p:PublishReadyToRun=true \
  --artifacts-path "$work/build" -o "$app" \
  --disable-build-servers -nologo -v q

cp "$root/host.json" "$app/host.json"
for function_json in "$root"/functions/*/function.json; do
  function_name="$(basename "$(dirname "$function_json")")"
  mkdir -p "$app/$function_name"
  cp "$function_json" "$app/$function_name/function.json"
done

# Writes the zip with each file's Unix mode, so the handler stays executable after the host unpacks it.
python3 - "$app" "$zip_path" <<'PY'
import json, os, stat, sys, tempfile, zipfile

app, zip_path = sys.argv[1], sys.argv[2]
host = json.load(open(os.path.join(app, "host.json")))
try:
    executable = host["customHandler"]["description"]["defaultExecutablePath"]
except KeyError:
    sys.exit("error: host.json has no customHandler.description.defaultExecutablePath")
executable_path = os.path.join(app, executable)
if not os.path.isfile(executable_path):
    sys.exit(f"error: host.json names '{executable}' as the handler, but the publish output has no such file")
if not os.stat(executable_path).st_mode & stat.S_IXUSR:
    sys.exit(f"error: the handler '{executable}' is not executable")

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
