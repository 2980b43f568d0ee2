"""Bounded loopback load with wrk on cached public endpoints, API served by uvicorn workers.

Baseline in the same run: a bare ASGI app answering a constant JSON body, served the same way;
the ratio is our throughput over that ceiling. Loopback only; wrk stops after a fixed duration."""
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import httpx

from bench.common import row
from bench.live import serve_process
from core.settings import PROJECT_ROOT

WORKERS = 4
DURATION = "8s"
PATHS = ["/api/v1/health", "/api/v1/coverage/summary", "/api/v1/coverage/regions", "/api/v1/councils?limit=20"]
BARE_APP = "async def app(scope, receive, send):\n" \
    "    if scope['type'] != 'http':\n        return\n" \
    "    await send({'type': 'http.response.start', 'status': 200,\n" \
    "                'headers': [(b'content-type', b'application/json')]})\n" \
    "    await send({'type': 'http.response.body', 'body': b'{\"status\": \"ok\"}'})\n"


def _wrk(url: str) -> float:
    out = subprocess.run(["wrk", "-t2", "-c32", f"-d{DURATION}", "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def run(database_url: str) -> list[dict]:
    if not shutil.which("wrk"):
        raise RuntimeError("wrk missing: run `make system-deps`")
    # Measure the API, not the limiter.
    env = {**os.environ, "DATABASE_URL": database_url, "CLSM_RATE_LIMIT_PER_MINUTE": "0"}
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "bare.py").write_text(BARE_APP)
        bare, base = serve_process(["bare:app"], env, Path(tmp), WORKERS)
        try:
            ceiling = _wrk(base + "/")
        finally:
            bare.terminate()
            bare.wait()
    api, base = serve_process(["--factory", "api.app:create_app"], env, PROJECT_ROOT, WORKERS)
    rows = [row(f"throughput, bare ASGI app ({WORKERS} workers)", ceiling, "req/s", "", None, "")]
    try:
        for path in PATHS:
            if httpx.get(base + path).status_code != 200:
                continue
            rps = _wrk(base + path)
            rows.append(row(f"throughput {path} ({WORKERS} workers, wrk 32 conn)", rps, "req/s",
                            f"bare ASGI ({ceiling:.0f} req/s)", ceiling, "≥ 500 req/s"))
    finally:
        api.terminate()
        api.wait()
    return rows


if __name__ == "__main__":
    from bench.__main__ import print_rows
    from core.settings import Settings

    print_rows(run(Settings().database_url))
