#!/usr/bin/env bash
# Installs what the demo and the tests need (apt packages when missing, Azurite into .tools/). Idempotent.
# The scripts need nothing else beyond the Debian 12 base system and the .NET SDK (see the README);
# a test checks that every command they call is either there or listed in apt_commands below.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools"
mkdir -p "$tools"

# COMMAND:PACKAGE for every command the scripts call that a bare Debian 12 lacks.
apt_commands=(curl:curl jq:jq python3:python3 node:nodejs npm:npm)

need_apt=()
for pair in "${apt_commands[@]}"; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || need_apt+=("${pair#*:}")
done
if [ "${INSTALL_FASHION_MNIST:-0}" = 1 ] && [ ! -d /usr/share/datasets/fashion-mnist ]; then need_apt+=(dataset-fashion-mnist); fi
if [ "${INSTALL_CHROMIUM:-0}" = 1 ] && ! command -v chromium >/dev/null 2>&1; then need_apt+=(chromium); fi
# The training report's charts (ScottPlot on SkiaSharp) need a font file to draw their text.
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_apt+=(fonts-dejavu-core)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then echo "error: missing ${need_apt[*]}; run: sudo apt-get install -y ${need_apt[*]} (or run this script as root)" >&2; exit 1; fi
  echo "tools: installing ${need_apt[*]} with apt-get (a minute or two)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive DEBCONF_NOWARNINGS=yes apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# Azurite 3.35.0 is the newest release that runs on Node 20.
if [ ! -x "$tools/node_modules/.bin/azurite-blob" ]; then
  echo "tools: installing Azurite 3.35.0 from npm into .tools/"
  npm install --prefix "$tools" --no-audit --no-fund --loglevel=error azurite@3.35.0 >/dev/null
fi
