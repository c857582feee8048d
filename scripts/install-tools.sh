#!/usr/bin/env bash
# Installs what the demo and the tests need into .tools/ (and apt packages when missing). Idempotent.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools"
mkdir -p "$tools"

need_apt=()
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
if [ "${INSTALL_FASHION_MNIST:-0}" = 1 ] && [ ! -d /usr/share/datasets/fashion-mnist ]; then need_apt+=(dataset-fashion-mnist); fi
if [ "${INSTALL_CHROMIUM:-0}" = 1 ] && ! command -v chromium >/dev/null 2>&1; then need_apt+=(chromium); fi
# The training report's charts (ScottPlot on SkiaSharp) need a font file to draw their text.
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_apt+=(fonts-dejavu-core)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then echo "error: missing ${need_apt[*]}; run: sudo apt-get install -y ${need_apt[*]}" >&2; exit 1; fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# Azurite 3.35.0 is the newest release that runs on Node 20.
if [ ! -x "$tools/node_modules/.bin/azurite-blob" ]; then
  npm install --prefix "$tools" --no-audit --no-fund --loglevel=error azurite@3.35.0 >/dev/null
fi
