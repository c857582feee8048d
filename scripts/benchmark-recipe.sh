#!/usr/bin/env bash
# The training recipe against its baselines, scored on images no run ever sees (Fashion-MNIST's own test split).
# Usage: scripts/benchmark-recipe.sh
#   For each class set x input size x seed it trains, exports and predicts:
#     defaults  `train` exactly as a new user runs it (fitted head, then fine-tuning; the run keeps the better)
#     probe     `train --tune head`: a linear head on the frozen ImageNet features, no body training
#     scratch   `train --pretrained none` with its own defaults
#     int8      `export --quantize int8` of the defaults model, with export's default calibration and gate
#   and prints accuracy on the test split and the training command's wall time, one row per run, then means.
# Settings (environment):
#   BENCH_SETS     "pullover,coat:150 all:500"  class lists (Fashion-MNIST folder names, or "all") and training images per class
#   BENCH_SIZES    "64 224"                    input sizes (the CLI accepts multiples of 32 from 32 to 224 for ImageNet weights)
#   BENCH_SEEDS    "1 2 3"                     split, head, shuffling and augmentation seeds
#   BENCH_METHODS  "defaults probe scratch int8"
#   BENCH_TEST_PER_CLASS 500                   test-split images per class (never used by training, validation or calibration)
#   BENCH_DIR      .bench/recipe               where data, models and logs go
# Prints "set size seed method accuracy seconds" rows (also as TSV in $BENCH_DIR/results-TIME.tsv) and a summary per set,
# size and method. A run that exists already (its checkpoint and log in $BENCH_DIR) is trained again.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
read -r -a sets <<<"${BENCH_SETS:-pullover,coat:150 all:500}"
read -r -a sizes <<<"${BENCH_SIZES:-64 224}"
read -r -a seeds <<<"${BENCH_SEEDS:-1 2 3}"
read -r -a methods <<<"${BENCH_METHODS:-defaults probe scratch int8}"
test_per_class="${BENCH_TEST_PER_CLASS:-500}"
work="${BENCH_DIR:-$root/.bench/recipe}"
for list in sets sizes seeds methods; do
  declare -n values="$list"
  [ "${#values[@]}" -gt 0 ] || { echo "BENCH_${list^^} is empty; give at least one value." >&2; exit 2; }
done
for method in "${methods[@]}"; do
  case "$method" in defaults|probe|scratch|int8) ;; *) echo "unknown method '$method' in BENCH_METHODS; use defaults, probe, scratch or int8." >&2; exit 2 ;; esac
done
bin="${ACTRESSONNX_BIN:-$root/train/bin/Release/net10.0}"
cli() { dotnet "$bin/actressonnx.dll" "$@"; }
[ -f "$bin/actressonnx.dll" ] || dotnet build ActressOnnx.sln -c Release -nologo -v q
INSTALL_FASHION_MNIST=1 "$root/scripts/install-tools.sh" >/dev/null
mkdir -p "$work"
results="$work/results-$(date +%Y%m%d-%H%M%S).tsv"   # this invocation's rows; data folders are reused

all_classes="t-shirt-top trouser pullover dress coat sandal shirt sneaker bag ankle-boot"
# accuracy MODEL TESTDIR: share of the test images whose folder is the predicted label.
accuracy() {
  cli predict --model "$1" "$2"/*/*.png 2>/dev/null |
    awk -F'\t' '{ n = split($1, p, "/"); if (p[n - 1] == $2) c++; t++ } END { if (t == 0) exit 1; printf "%.4f\n", c / t }'
}
# run NAME DATA TESTDIR train-options...: trains, exports, scores; prints "accuracy seconds".
run() {
  local name="$1" data="$2" test="$3"; shift 3
  local start=$SECONDS
  cli train --data "$data" --output "$work/$name.ckpt" --resize squish "$@" >"$work/$name.log" 2>&1 \
    || { echo "train failed for $name; its output is in $work/$name.log" >&2; exit 1; }
  local seconds=$((SECONDS - start))
  cli export --checkpoint "$work/$name.ckpt" --output "$work/$name.onnx" >>"$work/$name.log" 2>&1 \
    || { echo "export failed for $name; see $work/$name.log" >&2; exit 1; }
  echo "$(accuracy "$work/$name.onnx" "$test") $seconds"
}

printf '%-22s %5s %4s %-9s %9s %8s\n' set size seed method accuracy seconds
for entry in "${sets[@]}"; do
  classes="${entry%%:*}"; per_class="${entry##*:}"
  [ "$classes" = all ] && list="$all_classes" || list="${classes//,/ }"
  set_name="${classes//,/-}-$per_class"
  data="$work/data-$set_name"; test="$work/test-$set_name"
  if [ ! -d "$data" ] || [ ! -d "$test" ]; then
    rm -rf "$data" "$test"
    # shellcheck disable=SC2086 # one --class value per word
    cli sample-data --output "$data" --holdout "$test" --class $list --per-class "$per_class" --holdout-per-class "$test_per_class" >/dev/null
  fi
  for size in "${sizes[@]}"; do
    for seed in "${seeds[@]}"; do
      base="$set_name-$size-s$seed"
      for method in "${methods[@]}"; do
        case "$method" in
          defaults) read -r acc secs < <(run "$base-defaults" "$data" "$test" --size "$size" --seed "$seed") ;;
          probe) read -r acc secs < <(run "$base-probe" "$data" "$test" --size "$size" --seed "$seed" --tune head) ;;
          scratch) read -r acc secs < <(run "$base-scratch" "$data" "$test" --size "$size" --seed "$seed" --pretrained none) ;;
          int8)
            [ -f "$work/$base-defaults.ckpt" ] || read -r _ _ < <(run "$base-defaults" "$data" "$test" --size "$size" --seed "$seed")
            start=$SECONDS
            if cli export --checkpoint "$work/$base-defaults.ckpt" --output "$work/$base-int8.onnx" --quantize int8 >"$work/$base-int8.log" 2>&1; then
              acc="$(accuracy "$work/$base-int8.onnx" "$test")"
            else
              acc=refused
            fi
            secs=$((SECONDS - start)) ;;
        esac
        printf '%-22s %5s %4s %-9s %9s %8s\n' "$set_name" "$size" "$seed" "$method" "$acc" "$secs"
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$set_name" "$size" "$seed" "$method" "$acc" "$secs" >>"$results"
      done
    done
  done
done

echo
echo "means over seeds (accuracy on the test split; min..max; training or export seconds)"
awk -F'\t' '
  { key = $1 " " $2 " " $4; if (!(key in n)) order[++k] = key
    if ($5 == "refused") { refused[key]++; n[key] += 0; next }
    n[key]++; s[key] += $5; t[key] += $6
    if (!(key in lo) || $5 < lo[key]) lo[key] = $5; if (!(key in hi) || $5 > hi[key]) hi[key] = $5 }
  END { for (i = 1; i <= k; i++) { key = order[i]
          if (n[key] == 0) { printf "%-40s refused in %d run(s)\n", key, refused[key]; continue }
          printf "%-40s %.4f (%.4f..%.4f) %6.0f s%s\n", key, s[key] / n[key], lo[key], hi[key], t[key] / n[key], refused[key] ? "  (refused in " refused[key] ")" : "" } }' "$results"
