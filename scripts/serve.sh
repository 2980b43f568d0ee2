#!/usr/bin/env bash
# Serves the API (uvicorn) and, when present, the dashboard; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
API_PORT=${CLSM_API_PORT:-8000}
DASH_PORT=${CLSM_DASHBOARD_PORT:-8050}
HOST=${CLSM_API_HOST:-127.0.0.1}
WORKERS=${CLSM_WORKERS:-2}
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT INT TERM
$PY -m uvicorn --factory api.app:create_app --host "$HOST" --port "$API_PORT" --workers "$WORKERS" &
pids+=($!)
echo "API:       http://$HOST:$API_PORT/docs"
if [ -f dashboard/app.py ]; then
  $PY -m dashboard --host "$HOST" --port "$DASH_PORT" &
  pids+=($!)
  echo "Dashboard: http://$HOST:$DASH_PORT/"
fi
wait -n "${pids[@]}"
