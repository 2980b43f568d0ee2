"""Visitors, not the dashboard, are rate-limited; counts are shared by every worker (PostgreSQL);
login guesses are checked at most up to the threshold, even in parallel."""
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from core import ratelimit
from core.ratelimit import visitor_address
from core.security import service_token
from dashboard.app import create_dash_app
from tests.api_fixtures import api_register  # noqa: F401
from tests.auth_fixtures import api  # noqa: F401

HEALTH = "/api/v1/health"
LOOPBACK = ("127.0.0.1", 40000)


@pytest.fixture
def limited(api, db):
    db.execute("DELETE FROM auth.rate_window")
    yield api.settings.model_copy(update={"rate_limit_per_minute": 3, "dashboard_rate_limit_per_minute": 4})
    db.execute("DELETE FROM auth.rate_window")


def test_visitor_address_believes_forwarded_for_only_from_a_trusted_proxy():
    trusted = ["127.0.0.1", "10.0.0.0/8"]
    assert visitor_address("203.0.113.9", "198.51.100.1", trusted) == "203.0.113.9"  # not a proxy: ignored
    assert visitor_address("127.0.0.1", "198.51.100.1", trusted) == "198.51.100.1"
    # Left-most entries are whatever the client wrote: the right-most untrusted hop is the visitor.
    assert visitor_address("127.0.0.1", "1.2.3.4, 198.51.100.1, 10.1.1.1", trusted) == "198.51.100.1"
    assert visitor_address("127.0.0.1", None, trusted) == "127.0.0.1"


def test_limit_is_per_visitor_and_shared_by_every_worker(limited):
    # Two app instances stand for two workers: one count in PostgreSQL.
    worker_a = TestClient(create_app(limited), client=LOOPBACK)
    worker_b = TestClient(create_app(limited), client=LOOPBACK)
    alice, bob = {"X-Forwarded-For": "198.51.100.1"}, {"X-Forwarded-For": "198.51.100.2"}
    codes = [w.get(HEALTH, headers=alice).status_code for w in (worker_a, worker_b, worker_a, worker_b)]
    assert codes == [200, 200, 200, 429]
    assert worker_b.get(HEALTH, headers=bob).status_code == 200
    # From an untrusted peer, X-Forwarded-For is not believed: the peer is counted.
    stranger = TestClient(create_app(limited), client=("203.0.113.7", 1))
    assert [stranger.get(HEALTH, headers={"X-Forwarded-For": f"10.0.0.{i}"}).status_code
            for i in range(4)] == [200, 200, 200, 429]


def test_the_dashboard_is_trusted_with_the_service_token_and_names_its_visitors(limited):
    peer = TestClient(create_app(limited), client=("192.0.2.50", 1))  # the dashboard, on another host
    token = service_token(limited)
    visitor = lambda ip: {"X-CLSM-Service": token, "X-CLSM-Visitor": ip}  # noqa: E731
    assert [peer.get(HEALTH, headers=visitor("198.51.100.7")).status_code for _ in range(4)] == [200] * 3 + [429]
    assert peer.get(HEALTH, headers=visitor("198.51.100.8")).status_code == 200  # other visitors unaffected
    assert all(peer.get(HEALTH, headers={"X-CLSM-Service": token}).status_code == 200 for _ in range(5))
    forged = {"X-CLSM-Service": "x" * 64, "X-CLSM-Visitor": "198.51.100.9"}
    assert [peer.get(HEALTH, headers=forged).status_code for _ in range(4)][-1] == 429  # counted as the peer


def test_dashboard_limits_each_visitor_and_passes_the_address_to_the_api(limited):
    seen = []
    api_app = create_app(limited)

    @api_app.middleware("http")
    async def record(request, call_next):
        seen.append((request.headers.get("x-clsm-visitor"), request.headers.get("x-clsm-service")))
        return await call_next(request)

    dash_app = create_dash_app(limited, http=TestClient(api_app))
    browser = dash_app.server.test_client()
    alice = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.21"}
    codes = [browser.get("/donnees", environ_base=alice).status_code for _ in range(5)]
    assert codes == [200] * 4 + [429]
    assert browser.get("/assets/style.css", environ_base=alice).status_code == 200  # files are not counted
    bob = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.22"}
    assert browser.get("/donnees", environ_base=bob).status_code == 200
    with dash_app.server.test_request_context("/", environ_base=bob):
        from dashboard.context import api as dash_api
        dash_api().health()
    assert seen[-1] == ("198.51.100.22", service_token(limited))


def test_forty_parallel_wrong_passwords_are_checked_at_most_threshold_times(api, db):
    db.execute("DELETE FROM auth.login_failure")
    form = {"username": "editor", "password": "wrong wrong wrong"}
    with ThreadPoolExecutor(max_workers=40) as pool:
        codes = list(pool.map(lambda _: api.client.post("/api/v1/auth/token", data=form).status_code, range(40)))
    threshold = api.settings.login_max_failures
    assert codes.count(401) == threshold and codes.count(429) == 40 - threshold
    checked = db.execute("SELECT failures FROM auth.login_failure WHERE key = 'pair:editor|testclient'").fetchone()[0]
    assert checked == threshold
    # The right password from another address still works: the lock is per account and address.
    other = TestClient(create_app(api.settings), client=("198.51.100.30", 1))
    assert other.post("/api/v1/auth/token", data={"username": "editor",
                                                  "password": "fixture password 123"}).status_code == 200
    db.execute("DELETE FROM auth.login_failure")


def _callback_body(dependencies: list, output_part: str, pathname: str) -> str:
    """A callback request as Dash's renderer sends it (inputs from the URL, the rest empty)."""
    import json

    callback = next(c for c in dependencies if output_part in c["output"])
    values = {"pathname": pathname, "search": "", "href": f"http://localhost{pathname}"}
    item = lambda d: {"id": d["id"], "property": d["property"], "value": values.get(d["property"])}  # noqa: E731
    outputs = [{"id": o.split(".")[0], "property": o.split(".")[1]} for o in callback["output"].strip(".").split("...")]
    return json.dumps({"output": callback["output"], "outputs": outputs,
                       "inputs": [item(i) for i in callback["inputs"]], "changedPropIds": ["url.pathname"],
                       "state": [item(s) for s in callback["state"]]})


def test_anonymous_callback_answers_are_kept_per_data_version_never_for_signed_in_visitors(api_register, db):
    settings = api_register.model_copy(update={"dashboard_answer_cache_mb": 16})
    dash_app = create_dash_app(settings, http=TestClient(create_app(settings)))
    browser = dash_app.server.test_client()
    body = _callback_body(browser.get("/_dash-dependencies").json, "header.children", "/donnees")
    post = lambda **kw: browser.post("/_dash-update-component", data=body,  # noqa: E731
                                     headers={"Content-Type": "application/json", "Accept-Encoding": "gzip"}, **kw)
    first, second = post(), post()
    assert first.status_code == second.status_code == 200
    assert "X-Answer-Cache" not in first.headers and second.headers["X-Answer-Cache"] == "hit"
    assert second.data == first.data and second.headers["Content-Encoding"] == first.headers.get("Content-Encoding")
    browser.set_cookie("clsm_session", "anything")  # a session: never served from nor kept in the cache
    assert "X-Answer-Cache" not in post().headers
    browser.delete_cookie("clsm_session")
    # A register edit changes the data version: the kept answer is not served any more.
    db.execute("INSERT INTO audit.event (username, role, action, entity, register_change) "
               "VALUES ('test', 'editor', 'council.update', 'council', true)")
    time.sleep(1.1)  # the version is asked at most once a second
    assert "X-Answer-Cache" not in post().headers and post().headers["X-Answer-Cache"] == "hit"


def test_an_address_over_the_limit_is_refused_without_a_database_round_trip(limited):
    limiter = ratelimit.Limiter(limited.database_url, 2)
    now = 60 * 1000 + 5.0
    assert [limiter.check("api:198.51.100.40", now) for _ in range(2)] == [None, None]
    assert limiter.check("api:198.51.100.40", now) == 56
    limiter.database_url = "postgresql+psycopg://nobody@127.0.0.1:1/none"  # any database access would fail
    assert limiter.check("api:198.51.100.40", now + 10) == 46  # still refused, from memory
    with pytest.raises(Exception):
        limiter.check("api:198.51.100.41", now + 10)  # another address needs the count
    assert limiter.known_over("api:198.51.100.40", now + 60) is None  # a new window: counted again
