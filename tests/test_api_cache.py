"""The in-memory answer cache (api/versioning.py): exact until the data version changes."""
import time

from api.versioning import VERSION_TTL_S
from tests.api_fixtures import api_register, client  # noqa: F401 (fixtures)

API = "/api/v1"


def test_repeat_has_same_body_and_headers(client):
    params = {"level": "departement", "code": "90"}
    first, again = (client.get(API + "/coverage/summary", params=params) for _ in range(2))
    assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
    assert again.headers["content-type"] == first.headers["content-type"] == "application/json"
    assert again.headers["cache-control"] == first.headers["cache-control"]
    tile = client.get(API + "/tiles/communes/5/16/11.pbf")
    again = client.get(API + "/tiles/communes/5/16/11.pbf")
    assert again.content == tile.content and again.headers["content-type"] == "application/vnd.mapbox-vector-tile"


def test_errors_carry_no_etag(client):
    assert "etag" not in client.get(API + "/coverage/summary", params={"level": "region", "code": "99"}).headers
    assert "etag" not in client.get(API + "/councils/CLSM-NONE").headers


def test_new_data_version_is_never_answered_from_cache(client, db):
    before = client.get(API + "/councils")
    db.execute("INSERT INTO meta.sources (name, vintage, licence, origin, file_name, sha256, rows_loaded) "
               "VALUES ('cache test', 'x', 'x', 'x', 'x', 'cafe', 0)")
    try:
        time.sleep(VERSION_TTL_S + 0.1)
        after = client.get(API + "/councils")
        assert after.headers["etag"] != before.headers["etag"]
        assert after.json()["data_version"] == after.headers["x-data-version"] != before.json()["data_version"]
    finally:
        db.execute("DELETE FROM meta.sources WHERE name = 'cache test'")


def test_answer_cache_is_bounded_in_total_bytes():
    from api.versioning import ResponseCache

    cache = ResponseCache(entries=100, max_bytes=400, total_bytes=1000)
    for i in range(5):
        cache.put(f"e{i}", b"x" * 300, "application/json")
    assert cache.get("e0") is None and cache.get("e1") is None  # oldest evicted: 3 × 300 ≤ 1000
    assert all(cache.get(f"e{i}") for i in (2, 3, 4))
    cache.put("big", b"x" * 401, "application/json")  # over the per-answer bound: never kept
    assert cache.get("big") is None
    cache.put("e4", b"y" * 100, "application/json")  # replacing an entry adjusts the total
    assert cache._size == 700
