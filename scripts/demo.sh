#!/usr/bin/env bash
# The whole pipeline on a small real dataset, on this machine:
# Fashion-MNIST's look-alike "T-shirt/top" and "Shirt" -> fine-tune ImageNet ResNet18 -> export ONNX -> publish to a local
# Azurite -> start the serving host -> classify held-out images over HTTP and print the accuracy.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
work="${DEMO_DIR:-$root/.demo}"
per_class="${DEMO_PER_CLASS:-400}"
holdout_per_class="${DEMO_HOLDOUT_PER_CLASS:-25}"
epochs="${DEMO_EPOCHS:-}"   # empty: train's default
size="${DEMO_SIZE:-64}"

current_step=""
step() { current_step="$*"; printf '\n\033[1m== %s\033[0m\n' "$*"; }
azurite_pid=""
func_pid=""
cleanup() {
  status=$?
  [ -n "$func_pid" ] && kill "$func_pid" 2>/dev/null
  [ -n "$azurite_pid" ] && kill "$azurite_pid" 2>/dev/null
  if [ "$status" -ne 0 ]; then
    echo "demo failed (exit $status) at: $current_step. Its output is above; the app's logs are $work/functions.log and $work/azurite.log." >&2
  fi
  true
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

step "Installing tools (Azurite, Fashion-MNIST) when missing"
INSTALL_FASHION_MNIST=1 "$root/scripts/install-tools.sh"
echo "tools: ready"

step "Building the solution (Release; a few minutes the first time, seconds after that)"
dotnet build ActressOnnx.sln -c Release -nologo -v q
cli() { dotnet "$root/train/bin/Release/net10.0/actressonnx.dll" "$@"; }

step "Writing the dataset: $per_class training and $holdout_per_class held-out images per class"
rm -rf "$work"
mkdir -p "$work"
cli sample-data --output "$work/data" --holdout "$work/holdout" --per-class "$per_class" --holdout-per-class "$holdout_per_class"

step "Fine-tuning the ImageNet ResNet18 at ${size}px (head fitted on frozen features, then the whole network)"
cli train --data "$work/data" --output "$work/model.ckpt" ${epochs:+--epochs "$epochs"} --size "$size" --resize squish

step "Exporting to ONNX (verified against TorchSharp)"
cli export --checkpoint "$work/model.ckpt" --output "$work/model.onnx"

step "Starting Azurite and publishing the model"
blob_port="$(free_port)"
node "$root/.tools/node_modules/azurite/dist/src/blob/main.js" --blobHost 127.0.0.1 --blobPort "$blob_port" \
  --location "$work/azurite" --skipApiVersionCheck --disableTelemetry --silent >"$work/azurite.log" 2>&1 &
azurite_pid=$!
export AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1;"
for _ in $(seq 50); do (echo >/dev/tcp/127.0.0.1/"$blob_port") 2>/dev/null && break; sleep 0.2; done
cli publish --model "$work/model.onnx" --name fashion --connection-string "$AZURE_STORAGE_CONNECTION_STRING"

# Starts the serving host (functions/Host: the same routes as the Azure Functions worker) on 127.0.0.1:$1,
# serving model "fashion" from the Azurite above, logging to $work/functions.log; sets func_pid.
# The one place that knows how the app is started.
start_function_app() {
  ModelStorage__ConnectionString="$AZURE_STORAGE_CONNECTION_STRING" ModelStorage__ModelName=fashion \
    dotnet "$root/functions/Host/bin/Release/net10.0/ActressOnnx.Serving.Host.dll" --urls "http://127.0.0.1:$1" >"$work/functions.log" 2>&1 &
  func_pid=$!
}

step "Starting the serving host"
func_port="$(free_port)"
start_function_app "$func_port"
url="http://127.0.0.1:$func_port/api"
for _ in $(seq 100); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/health")" = 200 ] && break
  kill -0 "$func_pid" 2>/dev/null || { echo "the serving host stopped; see $work/functions.log" >&2; exit 1; }
  sleep 0.3
done
curl -s "$url/health"; echo

step "Classifying held-out images over HTTP (POST $url/predict)"
total=0; correct=0
printf '%-34s %-12s %-12s %s\n' image expected predicted probability
for image in "$work"/holdout/*/*.png; do
  expected="$(basename "$(dirname "$image")")"
  response="$(curl -s -X POST -H 'Content-Type: image/png' --data-binary "@$image" "$url/predict")"
  predicted="$(jq -r '.label // "error"' <<<"$response")"
  probability="$(jq -r '.probability // .detail' <<<"$response")"
  total=$((total + 1))
  [ "$predicted" = "$expected" ] && correct=$((correct + 1))
  printf '%-34s %-12s %-12s %s\n' "$expected/$(basename "$image")" "$expected" "$predicted" "$probability"
done
printf '\n\033[1mAccuracy on %d held-out images: %d/%d = %s%%\033[0m\n' "$total" "$correct" "$total" "$(( 100 * correct / total ))"
printf 'Demo finished in %dm %02ds. Data, model and logs are in %s (functions.log, azurite.log).\n' \
  $((SECONDS / 60)) $((SECONDS % 60)) "$work"
