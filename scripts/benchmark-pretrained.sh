#!/usr/bin/env bash
# Pretrained fine-tuning vs training from scratch on the same data, epochs and seed.
# Usage: scripts/benchmark-pretrained.sh [DATA_DIR] [extra train options...]
#   DATA_DIR defaults to the demo's Fashion-MNIST look-alikes (written to .bench/data when missing).
#   BENCH_EPOCHS (4), BENCH_SIZE (64), BENCH_FREEZE_EPOCHS (1) set the run; the scratch run trains
#   BENCH_EPOCHS + BENCH_FREEZE_EPOCHS epochs, so both runs make the same number of passes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
epochs="${BENCH_EPOCHS:-4}"
freeze="${BENCH_FREEZE_EPOCHS:-1}"
size="${BENCH_SIZE:-64}"
work="$root/.bench"
data="${1:-}"
[ $# -gt 0 ] && shift
bin="${ACTRESSONNX_BIN:-$root/train/bin/Release/net10.0}"   # the trainer's build output
cli() { dotnet "$bin/actressonnx.dll" "$@"; }
[ -f "$bin/actressonnx.dll" ] || dotnet build ActressOnnx.sln -c Release -nologo -v q
mkdir -p "$work"
if [ -z "$data" ]; then
  data="$work/data"
  if [ ! -d "$data" ]; then
    INSTALL_FASHION_MNIST=1 "$root/scripts/install-tools.sh"
    cli sample-data --output "$data" --holdout "$work/holdout" --per-class 400 --holdout-per-class 25 >/dev/null
  fi
fi

run() { # name, train options...
  local name="$1"; shift
  local log="$work/$name.log"
  local start end
  start=$SECONDS
  cli train --data "$data" --output "$work/$name.ckpt" --size "$size" --resize squish --seed 42 "$@" | tee "$log" >&2
  end=$SECONDS
  # The table's last row: error rate is column 5, images/second column 7; mean images/second over all epochs.
  awk -v name="$name" -v secs="$((end - start))" '
    $1 ~ /^[0-9]+$/ && ($2 == "frozen" || $2 == "all") { err = $5; ips += $7; n++ }
    END { printf "%-22s error_rate %.4f  accuracy %5.1f%%  mean img/s %6.1f  wall %5.0f s\n", name, err, 100 * (1 - err), ips / n, secs }' "$log"
}

results=$(
  run pretrained-imagenet --epochs "$epochs" --freeze-epochs "$freeze" "$@"
  run scratch --pretrained none --epochs "$((epochs + freeze))" "$@"
)
printf '\n%s\n' "$results"
