"""Security-review findings outside register editing: sign-in redirect, dashboard headers, offline
API docs, secret key checks at start."""
import base64
import hashlib
import os
import re
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from fastapi.testclient import TestClient
from werkzeug.serving import make_server

from api.app import create_app
from core.settings import PROJECT_ROOT
from dashboard.app import create_dash_app
from dashboard.session import safe_next
from tests.api_fixtures import api_register  # noqa: F401 (fixture)


@pytest.mark.parametrize("next_path", [
    "/%09/evil.example", "/\t/evil.example", "/\n/evil.example", "//evil.example", "/\\evil.example",
    "https://evil.example/", "/%2F/evil.example", "/%252F%252Fevil.example", " /annuaire", "javascript:alert(1)"])
def test_sign_in_never_redirects_off_site(next_path):
    # Browsers drop tabs and newlines in URLs and read '\\' as '/': each of these would leave the site.
    assert safe_next(next_path) is None


def test_sign_in_returns_to_a_path_of_the_site():
    assert safe_next("/annuaire/CLSM-0001") == "/annuaire/CLSM-0001" and safe_next("/priorites") == "/priorites"


def test_dashboard_sends_security_headers_with_a_csp_dash_works_with(api_register):
    dash_app = create_dash_app(api_register, http=TestClient(create_app(api_register)))
    page = dash_app.server.test_client().get("/donnees")
    csp = page.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp and "'unsafe-eval'" not in csp
    assert all(h in csp for h in dash_app.csp_hashes())  # Dash's inline start-up scripts, by hash only
    assert page.headers["X-Content-Type-Options"] == "nosniff" and page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["Referrer-Policy"] == "same-origin" and "Strict-Transport-Security" not in page.headers
    secure = create_dash_app(api_register.model_copy(update={"dashboard_cookie_secure": True}),
                             http=TestClient(create_app(api_register)))
    assert "max-age=" in secure.server.test_client().get("/donnees").headers["Strict-Transport-Security"]


def test_api_docs_load_no_third_party_script(api_register):
    client = TestClient(create_app(api_register))
    for page in ("/docs", "/redoc"):
        html = client.get(page).text
        assert "cdn" not in html.lower() and "googleapis" not in html and "/docs/assets/" in html
    assert client.get("/docs/assets/swagger-ui-bundle.js").status_code == 200
    assert client.get("/docs/assets/redoc.standalone.js").status_code == 200


def test_a_too_short_secret_key_refuses_to_start():
    env = {**os.environ, "CLSM_SECRET_KEY": "too short"}
    started = subprocess.run([sys.executable, "-c", "from api.app import create_app; create_app()"], env=env,
                             cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60)
    assert started.returncode != 0 and "at least 32 characters" in started.stderr


def _inline_script_hashes(html: str) -> set[str]:
    executed = re.sub(r"<!--.*?-->", "", html, flags=re.S)  # not Dash's script for Internet Explorer
    scripts = re.findall(r"<script>(.*?)</script>", executed, re.S)  # inline (no src, no type)
    return {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in scripts}


def test_first_requests_at_once_each_get_a_csp_allowing_their_page(api_register):
    """A fresh worker's first requests, served by threads at once (as gunicorn's are): each page's
    policy allows every inline script of that page. Dash pages registered its router (and its inline
    title script) on the first request, and a policy computed meanwhile lacked its hash."""
    dash_app = create_dash_app(api_register, http=TestClient(create_app(api_register)))
    server = make_server("127.0.0.1", 0, dash_app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with ThreadPoolExecutor(8) as pool:
            pages = list(pool.map(lambda path: httpx.get(f"http://127.0.0.1:{server.server_port}{path}", timeout=30),
                                  ["/", "/donnees", "/vue-ensemble", "/annuaire"] * 2))
    finally:
        server.shutdown()
    for page in pages:
        allowed = set(page.headers["Content-Security-Policy"].split("script-src ")[1].split(";")[0].split())
        assert _inline_script_hashes(page.text) <= allowed, page.url
        assert len(_inline_script_hashes(page.text)) >= 4  # Dash's start-up and the clientside functions
