#!/usr/bin/env bash
# Serves the API and the dashboard; Ctrl-C stops both.
#   scripts/serve.sh        production servers: uvicorn workers (API), gunicorn workers x threads (dashboard)
#   scripts/serve.sh dev    uvicorn --reload and the Werkzeug development server (one process each)
# Sized to the machine: one worker per core (at least 2) for each; dashboard threads wait on the API
# most of the time, so a few per worker. Put deploy/nginx-clsm.conf in front for the public.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
MODE=${1:-prod}
API_PORT=${CLSM_API_PORT:-8000}
DASH_PORT=${CLSM_DASHBOARD_PORT:-8050}
HOST=${CLSM_API_HOST:-127.0.0.1}
CORES=$(nproc 2>/dev/null || echo 2)
WORKERS=${CLSM_WORKERS:-$(( CORES < 2 ? 2 : CORES ))}
DASH_WORKERS=${CLSM_DASHBOARD_WORKERS:-$WORKERS}
DASH_THREADS=${CLSM_DASHBOARD_THREADS:-8}
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT INT TERM
# The API resolves visitor addresses itself (settings.trusted_proxies): uvicorn must not rewrite them.
# Keep-alive 75 s, longer than nginx's 60 s to its upstreams: the proxy, not the server, closes an idle
# connection, so nginx never sends a request on a connection being closed (a 502).
if [ "$MODE" = dev ]; then
  $PY -m uvicorn --factory api.app:create_app --host "$HOST" --port "$API_PORT" --reload --no-proxy-headers &
else
  $PY -m uvicorn --factory api.app:create_app --host "$HOST" --port "$API_PORT" --workers "$WORKERS" \
    --no-proxy-headers --no-server-header --timeout-keep-alive 75 --log-level warning &
fi
pids+=($!)
echo "API:       http://$HOST:$API_PORT/docs ($MODE)"
if [ "$MODE" = dev ]; then
  $PY -m dashboard --host "$HOST" --port "$DASH_PORT" &
else
  .venv/bin/gunicorn dashboard.wsgi:server --bind "$HOST:$DASH_PORT" --workers "$DASH_WORKERS" \
    --threads "$DASH_THREADS" --timeout 200 --graceful-timeout 20 --keep-alive 75 --log-level warning &
fi
pids+=($!)
echo "Dashboard: http://$HOST:$DASH_PORT/ ($MODE: $DASH_WORKERS workers x $DASH_THREADS threads)"
wait -n "${pids[@]}"
