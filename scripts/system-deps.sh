#!/usr/bin/env bash
# Debian packages the tests and benchmarks need (GDAL for the ogr2ogr baseline, Chromium, wrk), installed only when missing.
set -euo pipefail
need=()
command -v ogr2ogr >/dev/null || need+=(gdal-bin)
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
command -v wrk >/dev/null || need+=(wrk)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "missing system packages: ${need[*]}; install them (apt-get install ${need[*]})" >&2; exit 1
fi
echo "[deps] installing ${need[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
