"""Vector tiles: our /tiles endpoint vs tipg (PyPI, in its own venv .bench-venv) serving the same
tables in the same run, at zoom 5, 8 and 12, cold (no answer cache), one uvicorn worker each in its
own process, loopback; each tile is asked of both in turn so that load on the machine hits both."""
import math
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from bench.common import percentile, row
from bench.live import free_port, serve_process
from core.settings import PROJECT_ROOT

BENCH_VENV = PROJECT_ROOT / ".bench-venv"
PLACES = [(2.35, 48.86), (4.83, 45.76), (5.37, 43.30), (3.06, 50.63), (1.44, 43.60), (6.86, 47.64), (-1.68, 48.11)]
ZOOMS = (5, 8, 12)
REPEAT = 5
TIPG_LAYERS = {"communes": ("geo.commune", "code,nom,population"), "qpv": ("geo.qpv", "code,nom,population")}


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2 ** z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def ensure_tipg() -> Path:
    python = BENCH_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(BENCH_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "tipg", "uvicorn"], check=True)
    return python


def start_tipg(database_url: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url.replace("+psycopg", ""), "TIPG_DB_SCHEMAS": '["geo"]'}
    proc = subprocess.Popen([str(ensure_tipg()), "-m", "uvicorn", "tipg.main:app", "--host", "127.0.0.1",
                             "--port", str(port), "--log-level", "warning"], env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(base + "/collections", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError("tipg did not start")


def timed_get(client: httpx.Client, url: str) -> tuple[float, int]:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code, response.text[:200])
    return elapsed, len(response.content)


def timings(client: httpx.Client, pairs: list[tuple[str, str]]) -> tuple[list, list]:
    """(ours, theirs) samples of (ms, bytes), each tile asked of both in turn."""
    mine, theirs = [], []
    for _ in range(REPEAT):
        for our_url, their_url in pairs:
            theirs.append(timed_get(client, their_url))
            mine.append(timed_get(client, our_url))
    return mine, theirs


def run(database_url: str) -> list[dict]:
    env = {**os.environ, "DATABASE_URL": database_url, "CLSM_RESPONSE_CACHE": "false",
           "CLSM_RATE_LIMIT_PER_MINUTE": "0"}
    api, ours_url = serve_process(["--factory", "api.app:create_app"], env, PROJECT_ROOT)
    tipg, tipg_url = start_tipg(database_url)
    rows = []
    try:
        with httpx.Client(timeout=120) as client:
            for layer, (table, props) in TIPG_LAYERS.items():
                for z in ZOOMS:
                    tiles = sorted({tile_of(lon, lat, z) for lon, lat in PLACES})
                    ours = [f"{ours_url}/api/v1/tiles/{layer}/{z}/{x}/{y}.pbf" for x, y in tiles]
                    theirs = [f"{tipg_url}/collections/{table}/tiles/WebMercatorQuad/{z}/{x}/{y}"
                              f"?geom-column=geom_display&properties={props}" for x, y in tiles]
                    mine, base = timings(client, list(zip(ours, theirs)))
                    tipg_p95 = percentile([ms for ms, _ in base], 95)
                    my_size, base_size = (sum(b for _, b in s) // len(s) for s in (mine, base))
                    rows.append(row(f"tile {layer} z{z} p95 ({len(tiles)} tiles ×{REPEAT}; {my_size // 1024} KB vs "
                                    f"tipg {base_size // 1024} KB)", percentile([ms for ms, _ in mine], 95), "ms",
                                    f"tipg p95 {tipg_p95:.1f} ms", tipg_p95, "faster than tipg (ratio < 1)"))
    finally:
        tipg.terminate()
        tipg.wait(10)
        api.terminate()
        api.wait(10)
    return rows


if __name__ == "__main__":
    from bench.__main__ import print_rows
    from core.settings import get_settings

    print_rows(run(get_settings().database_url))
