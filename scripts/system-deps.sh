#!/usr/bin/env bash
# Debian packages the tests and benchmarks need (GDAL for the ogr2ogr baseline, Chromium, wrk, nginx for the
# reverse-proxy test and deploy/), installed only when missing.
set -euo pipefail
need=()
command -v ogr2ogr >/dev/null || need+=(gdal-bin)
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
command -v wrk >/dev/null || need+=(wrk)
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || need+=(nginx)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "missing system packages: ${need[*]}; install them (apt-get install ${need[*]})" >&2; exit 1
fi
echo "[deps] installing ${need[*]}"
apt-get update -qq
# Install without starting services (nginx would take port 80): the tests start their own.
guard=
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && guard=1
fi
trap '[ -n "$guard" ] && rm -f /usr/sbin/policy-rc.d' EXIT
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
