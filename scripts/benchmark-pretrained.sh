#!/usr/bin/env bash
# Pretrained fine-tuning vs training from scratch on the same data, epochs and seeds.
# Usage: scripts/benchmark-pretrained.sh [DATA_DIR] [extra train options...]
#   DATA_DIR defaults to the demo's Fashion-MNIST look-alikes, BENCH_PER_CLASS (150: the "few hundred photos" case
#   `train` is for) images per class, written to .bench/data-N when missing.
#   BENCH_SEEDS ("1 2 3"): one pair of runs per seed; the seed sets the train/validation split, the new head's
#   weights, shuffling and augmentation, so the spread across seeds is the noise a single comparison carries.
#   BENCH_EPOCHS (4), BENCH_SIZE (224, train's default), BENCH_FREEZE_EPOCHS (1) set each run; the scratch run trains
#   BENCH_EPOCHS + BENCH_FREEZE_EPOCHS epochs, so both runs make the same number of passes.
#   With the defaults it takes about 13 minutes on 2 CPU cores; BENCH_SIZE=64 BENCH_PER_CLASS=400 (the demo's
#   settings) about 3.5.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
epochs="${BENCH_EPOCHS:-4}"
freeze="${BENCH_FREEZE_EPOCHS:-1}"
size="${BENCH_SIZE:-224}"
per_class="${BENCH_PER_CLASS:-150}"
read -r -a seeds <<<"${BENCH_SEEDS:-1 2 3}"
[ "${#seeds[@]}" -gt 0 ] || { echo "BENCH_SEEDS is empty; give at least one seed, e.g. BENCH_SEEDS=\"1 2 3\"." >&2; exit 2; }
work="$root/.bench"
data="${1:-}"
[ $# -gt 0 ] && shift
bin="${ACTRESSONNX_BIN:-$root/train/bin/Release/net10.0}"   # the trainer's build output
cli() { dotnet "$bin/actressonnx.dll" "$@"; }
[ -f "$bin/actressonnx.dll" ] || dotnet build ActressOnnx.sln -c Release -nologo -v q
mkdir -p "$work"
if [ -z "$data" ]; then
  data="$work/data-$per_class"
  if [ ! -d "$data" ]; then
    INSTALL_FASHION_MNIST=1 "$root/scripts/install-tools.sh"
    cli sample-data --output "$data" --per-class "$per_class" >/dev/null
  fi
fi
[ -d "$data" ] || { echo "no folder $data: give a dataset folder with one sub-folder of images per class." >&2; exit 2; }

# Trains one run; prints "error_rate mean_img_per_second" from the epoch table (error rate is column 5, images/second
# column 7; the last row's error, the mean rate over all epochs).
run() { # name, train options...
  local name="$1"; shift
  local log="$work/$name.log"
  cli train --data "$data" --output "$work/$name.ckpt" --size "$size" --resize squish "$@" >"$log" 2>&1 \
    || { echo "train failed for $name; its output is in $log" >&2; exit 1; }
  awk '$1 ~ /^[0-9]+$/ && ($2 == "frozen" || $2 == "all") { err = $5; ips += $7; n++ }
    END { if (n == 0) exit 1; printf "%.4f %.1f\n", err, ips / n }' "$log" \
    || { echo "no epoch table in $log" >&2; exit 1; }
}

echo "data: $data; ${size}px; fine-tuned: $freeze frozen + $epochs epochs; scratch: $((epochs + freeze)) epochs; seeds: ${seeds[*]}"
printf '%-6s %14s %14s %16s %16s\n' seed "fine-tuned err" "scratch err" "fine-tuned img/s" "scratch img/s"
rows=""
for seed in "${seeds[@]}"; do
  read -r pe pi < <(run "pretrained-seed$seed" --seed "$seed" --epochs "$epochs" --freeze-epochs "$freeze" "$@")
  read -r se si < <(run "scratch-seed$seed" --seed "$seed" --pretrained none --epochs "$((epochs + freeze))" "$@")
  printf '%-6s %14s %14s %16s %16s\n' "$seed" "$pe" "$se" "$pi" "$si"
  rows+="$pe $se $pi $si"$'\n'
done
printf '%s' "$rows" | awk '
  { pe += $1; se += $2; pi += $3; si += $4; d = $2 - $1; diffs[NR] = d; sum += d; if (d > 0) wins++ }
  END {
    n = NR; mean = sum / n; var = 0
    for (i = 1; i <= n; i++) var += (diffs[i] - mean) ^ 2
    sd = n > 1 ? sqrt(var / (n - 1)) : 0
    printf "%-6s %14.4f %14.4f %16.1f %16.1f\n", "mean", pe / n, se / n, pi / n, si / n
    printf "scratch minus fine-tuned error: %+.4f on average (standard deviation %.4f over %d seeds); fine-tuning lower in %d of %d\n", mean, sd, n, wins + 0, n
  }'
