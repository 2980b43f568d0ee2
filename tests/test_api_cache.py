"""The in-process answer cache: exact until the data version changes, never for downloads."""
import time

from api.response_cache import ResponseCache
from api.versioning import VERSION_TTL_S
from tests.api_fixtures import api_register, client  # noqa: F401 (fixtures)

API = "/api/v1"


def test_repeat_is_served_from_cache_with_same_body_and_headers(client):
    first = client.get(API + "/coverage/summary", params={"level": "departement", "code": "90"})
    again = client.get(API + "/coverage/summary", params={"level": "departement", "code": "90"})
    assert first.headers["x-cache"] == "miss" and again.headers["x-cache"] == "hit"
    assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
    assert again.headers["content-type"] == first.headers["content-type"]
    assert again.headers["cache-control"] == first.headers["cache-control"]
    tile = client.get(API + "/tiles/communes/5/16/11.pbf")
    assert client.get(API + "/tiles/communes/5/16/11.pbf").content == tile.content


def test_errors_and_exports_are_not_cached(client):
    assert "x-cache" not in client.get(API + "/coverage/summary", params={"level": "region", "code": "99"}).headers
    client.get(API + "/exports/councils.csv")
    assert "x-cache" not in client.get(API + "/exports/councils.csv").headers


def test_new_data_version_misses_the_cache(client, db):
    before = client.get(API + "/councils")
    db.execute("INSERT INTO meta.sources (name, vintage, licence, origin, file_name, sha256, rows_loaded) "
               "VALUES ('cache test', 'x', 'x', 'x', 'x', 'cafe', 0)")
    try:
        time.sleep(VERSION_TTL_S + 0.1)
        after = client.get(API + "/councils")
        assert after.headers["x-cache"] == "miss" and after.headers["etag"] != before.headers["etag"]
        assert after.json()["data_version"] != before.json()["data_version"]
    finally:
        db.execute("DELETE FROM meta.sources WHERE name = 'cache test'")


def test_cache_is_bounded():
    cache = ResponseCache(max_total=9, max_entry=6)
    cache.put("a", b"12345", "x")
    cache.put("b", b"12345", "x")
    cache.put("big", b"1234567", "x")
    assert cache.get("a") is None and cache.get("b") == (b"12345", "x") and cache.get("big") is None
