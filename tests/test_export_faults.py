"""Exports when the disk is full or the directory is not writable: a clear error naming the file and
the reason, no partial file, and a previous export at the same path left intact.

Real failures from the kernel, no mocks: a file-size limit (RLIMIT_FSIZE, the process then gets
EFBIG exactly where a full disk gives ENOSPC) and a directory the process may not write to (run as
`nobody` when the tests run as root, since root ignores permissions)."""
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from bench.live import free_port
from tests.api_fixtures import api_register  # noqa: F401 (fixture)

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.usefixtures("api_register")
SMALL = 16 * 1024  # bytes: below every fixture export except the QPV CSV


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (SMALL, resource.RLIM_INFINITY))


def _export(database_url: str, *args: str, limited: bool = False, as_nobody: bool = False):
    command = [sys.executable, "-m", "api", "export", *args]
    if as_nobody:
        command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]
    env = {**os.environ, "CLSM_DATABASE_URL": database_url, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
                          preexec_fn=_limit_file_size if limited else None)


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if ".part" in p.name)


def test_cli_export_writes_whole_files(database_url, tmp_path):
    for fmt in ("csv", "geojson", "gpkg"):
        done = _export(database_url, "councils", fmt, "--out", str(tmp_path / f"councils.{fmt}"))
        assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / "councils.geojson").read_text())["features"]
    assert json.loads((tmp_path / "councils.csv.metadata.json").read_text())["personal_data"].startswith("none")
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("fmt", ["geojson", "gpkg"])
def test_file_too_large_keeps_previous_export(database_url, tmp_path, fmt):
    target = tmp_path / f"qpv.{fmt}"
    previous = b"previous complete export"
    target.write_bytes(previous)
    done = _export(database_url, "qpv", fmt, "--out", str(target), limited=True)
    assert done.returncode == 2
    assert f"could not write {target}" in done.stderr
    assert "too large" in done.stderr or "GDAL" in done.stderr
    assert "Traceback" not in done.stderr
    assert target.read_bytes() == previous
    assert _leftovers(tmp_path) == []


def _nobody_can_run_the_project() -> bool:
    """A checkout under /root (mode 700) is out of `nobody`'s reach."""
    probe = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
             "test", "-r", str(ROOT / "api" / "__main__.py")]
    return subprocess.run(probe, capture_output=True).returncode == 0


def test_unwritable_directory(database_url, tmp_path):
    as_root = os.geteuid() == 0
    if as_root and not _nobody_can_run_the_project():
        locked = Path("/sys/fs")  # root ignores permissions everywhere but on the kernel's file systems
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o555)
        tmp_path.chmod(0o755)
    before = sorted(p.name for p in locked.iterdir())
    done = _export(database_url, "councils", "csv", "--out", str(locked / "councils.csv"),
                   as_nobody=as_root and locked != Path("/sys/fs"))
    assert done.returncode == 2, done.stdout + done.stderr
    assert ("permission denied" in done.stderr or "read-only file system" in done.stderr) and str(locked) in done.stderr
    assert sorted(p.name for p in locked.iterdir()) == before


@pytest.fixture()
def limited_api(database_url, tmp_path):
    """The API in its own process with the file-size limit: a GeoPackage cannot be built."""
    port = free_port()
    env = {**os.environ, "CLSM_DATABASE_URL": database_url, "CLSM_EXPORT_TMP_DIR": str(tmp_path),
           "CLSM_RATE_LIMIT_PER_MINUTE": "0", "PYTHONDONTWRITEBYTECODE": "1"}
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app",
                               "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                              cwd=ROOT, env=env, preexec_fn=_limit_file_size,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/api/v1"
    deadline = time.monotonic() + 120  # a loaded CI machine starts uvicorn slowly
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{url}/health", timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.2)
    else:
        server.kill()
        pytest.fail("the API did not start within 120 s")
    yield url, tmp_path
    server.terminate()
    server.wait(10)


def test_api_geopackage_when_the_disk_is_full(limited_api):
    url, directory = limited_api
    answer = httpx.get(f"{url}/exports/qpv.gpkg", timeout=30)
    assert answer.status_code == 507
    problem = answer.json()
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert "could not write" in problem["detail"] and "nothing was written" in problem["detail"]
    assert str(directory) not in problem["detail"]  # server paths stay on the server
    assert list(directory.iterdir()) == []
    assert httpx.get(f"{url}/exports/qpv.csv", timeout=30).status_code == 200  # still serving
