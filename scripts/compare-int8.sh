#!/usr/bin/env bash
# INT8 calibration methods and FP32-kept layers, side by side, on images the model never saw.
# Usage: scripts/compare-int8.sh CHECKPOINT HOLDOUT_DIR [OUT_DIR]
#   Exports CHECKPOINT as FP32 and as INT8 with each --calibration-method in COMPARE_METHODS ("minmax percentile
#   entropy mse") and each --fp32-layers choice in COMPARE_LAYERS ("none first-conv,head"), plus the default INT8 export
#   (COMPARE_DEFAULT=0 leaves it out), all calibrated as `export --quantize int8` does by default (the validation
#   images of the training report), then classifies every
#   image of HOLDOUT_DIR (one sub-folder per class, e.g. from `sample-data --holdout`) with each model and prints a
#   Markdown table: agreement with FP32 on the calibration images (the export's own gate), and on the held-out images
#   label agreement with FP32 and accuracy. The models stay in OUT_DIR (default: a folder beside the checkpoint) for
#   the speed comparison: ACTRESSONNX_BENCH_MODELS=OUT_DIR dotnet run -c Release --project tests/ActressOnnx.Benchmarks -- --filter '*ExportedModelBenchmarks*'
#   COMPARE_TTA=1 also exports fp32-tta.onnx and int8-tta.onnx (default INT8 settings) and scores them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -ge 2 ] || { echo "usage: $0 CHECKPOINT HOLDOUT_DIR [OUT_DIR]" >&2; exit 2; }
checkpoint="$1"; holdout="$2"; out="${3:-${checkpoint%.*}-int8-compare}"
[ -f "$checkpoint" ] || { echo "no checkpoint $checkpoint: train one with 'actressonnx train'." >&2; exit 2; }
[ -d "$holdout" ] || { echo "no folder $holdout: give a folder with one sub-folder of held-out images per class." >&2; exit 2; }
bin="${ACTRESSONNX_BIN:-$root/train/bin/Release/net10.0}"
cli() { dotnet "$bin/actressonnx.dll" "$@"; }
[ -f "$bin/actressonnx.dll" ] || (cd "$root" && dotnet build ActressOnnx.sln -c Release -nologo -v q)
read -r -a layer_choices <<<"${COMPARE_LAYERS-none first-conv,head}"
read -r -a methods <<<"${COMPARE_METHODS-minmax percentile entropy mse}"
mkdir -p "$out"
mapfile -t images < <(find "$holdout" -mindepth 2 -maxdepth 2 -type f | sort)
[ "${#images[@]}" -gt 0 ] || { echo "no images in the class folders of $holdout." >&2; exit 2; }

# Writes NAME.tsv: one "true label<TAB>predicted label" line per held-out image.
score() { # name
  cli predict --model "$out/$1.onnx" "${images[@]}" | awk -F'\t' '{ n = split($1, p, "/"); print p[n-1] "\t" $2 }' >"$out/$1.tsv"
}
row() { # name, method, fp32 layers, calibration agreement
  paste "$out/fp32.tsv" "$out/$1.tsv" | awk -F'\t' -v name="$1" -v method="$2" -v layers="$3" -v gate="$4" \
    '{ n++; agree += ($2 == $4); right += ($1 == $4) } END { printf "| %s | %s | %s | %s | %.1f%% | %.3f |\n", name, method, layers, gate, 100 * agree / n, right / n }'
}
method_of() { sed -n 's/^int8: calibration method \([^;]*\);.*/\1/p' "$out/$1.log"; }
layers_of() { local kept; kept="$(sed -n 's/^int8: .*; kept in FP32: \([^ ]*\) .*/\1/p' "$out/$1.log")"; echo "${kept:-none}"; }
export_int8() { # name, extra export options...
  local name="$1"; shift
  cli export --checkpoint "$checkpoint" --output "$out/$name.onnx" --quantize int8 --min-agreement 0.01 "$@" >"$out/$name.log"
  sed -n 's/^int8: label agreement with FP32 \([0-9.]*%\).*/\1/p' "$out/$name.log"
}
int8_row() { # name, extra export options...
  local name="$1" gate; shift
  gate="$(export_int8 "$name" "$@")"
  score "$name"
  rows+=("$(row "$name" "$(method_of "$name")" "$(layers_of "$name")" "$gate")")
}

cli export --checkpoint "$checkpoint" --output "$out/fp32.onnx" >"$out/fp32.log"
score fp32
rows=()
for layers in "${layer_choices[@]}"; do
  for method in "${methods[@]}"; do
    int8_row "int8-$method-${layers//,/-}" --calibration-method "$method" --fp32-layers "$layers"
  done
done
[ "${COMPARE_DEFAULT:-1}" = 1 ] && int8_row int8-default
if [ "${COMPARE_TTA:-0}" = 1 ]; then
  cli export --checkpoint "$checkpoint" --output "$out/fp32-tta.onnx" --tta >"$out/fp32-tta.log"
  score fp32-tta
  rows+=("$(row fp32-tta "-" "-" "-")")
  int8_row int8-tta --tta
fi

echo "held-out images: ${#images[@]} in $holdout; checkpoint: $checkpoint"
echo "| model | calibration | FP32 layers | agreement, calibration images | agreement with FP32, held-out | accuracy, held-out |"
echo "|---|---|---|---:|---:|---:|"
row fp32 "-" "-" "-"
printf '%s\n' "${rows[@]}"
