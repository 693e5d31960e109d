#!/usr/bin/env bash
# Sets jingpin up on a fresh Debian/Ubuntu machine, then runs the main job.
#   ./setup.sh            install, then process the demo inbox (or: ./setup.sh INBOX)
#   ./setup.sh --no-run   install only (CI)
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
fc-list 2>/dev/null | grep -qiE 'wqy|uming' || missing+=(fonts-wqy-zenhei)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
command -v fc-list >/dev/null || missing+=(fontconfig)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing system packages: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[dev]'

export JINGPIN_HOME=${JINGPIN_HOME:-$PWD/var}
if [ ! -f "$JINGPIN_HOME/prefect/prefect.db" ]; then
  mkdir -p "$JINGPIN_HOME/prefect"
  PREFECT_HOME="$JINGPIN_HOME/prefect" .venv/bin/prefect server database upgrade -y >/dev/null
fi

if [ "${1:-}" = "--no-run" ]; then
  echo "jingpin is installed: .venv/bin/jingpin --help"
  exit 0
fi
exec .venv/bin/jingpin run "$@"
