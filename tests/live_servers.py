"""The API (uvicorn) and the dashboard (werkzeug) served for real on free loopback ports."""
import socket
import threading
import time

import pytest
import uvicorn
from werkzeug.serving import make_server

from api.app import create_app
from dashboard.app import create_dash_app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def live_api(api_register):
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(api_register), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(5)


@pytest.fixture(scope="module")
def live_dashboard(api_register, live_api):
    settings = api_register.model_copy(update={"api_base_url": live_api})
    server = make_server("127.0.0.1", free_port(), create_dash_app(settings).server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)
