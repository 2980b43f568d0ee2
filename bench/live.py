"""Serve the API and the dashboard on free loopback ports, and drive headless Debian Chromium.
Used by the browser tests, the dashboard benchmark and the screenshot script."""
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import uvicorn
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from werkzeug.serving import make_server

from api.app import create_app
from core.settings import Settings
from dashboard.app import create_dash_app

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                  "--window-size=1440,1000"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_api(settings: Settings) -> tuple[str, Callable[[], None]]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)

    def stop() -> None:
        server.should_exit = True
        thread.join(5)
    return f"http://127.0.0.1:{port}", stop


def serve_process(target: list[str], env: dict, cwd: Path, workers: int = 1) -> tuple[subprocess.Popen, str]:
    """uvicorn in its own process (no GIL shared with the measuring client), as tipg is served."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", *target, "--host", "127.0.0.1", "--port", str(port),
                             "--workers", str(workers), "--no-access-log", "--log-level", "warning"],
                            cwd=cwd, env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(base + "/", timeout=0.5)
            return proc, base
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("server did not start")


def serve_dashboard(settings: Settings, api_url: str) -> tuple[str, Callable[[], None]]:
    app = create_dash_app(settings.model_copy(update={"api_base_url": api_url}))
    server = make_server("127.0.0.1", free_port(), app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        thread.join(5)
    return f"http://127.0.0.1:{server.server_port}", stop


def chromium() -> webdriver.Chrome:
    binary, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not binary or not driver:
        raise RuntimeError("Debian chromium and chromium-driver are required: run `make system-deps`")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="clsm-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(options=options, service=Service(driver))
    quit_browser = browser.quit

    def quit_and_clean() -> None:  # the profile is ~10 MB per launch: never leave it in /tmp
        try:
            quit_browser()
        finally:
            shutil.rmtree(profile, ignore_errors=True)
    browser.quit = quit_and_clean
    return browser
