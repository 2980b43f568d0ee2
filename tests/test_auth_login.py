"""Login (OAuth2 password flow), token expiry and revocation, brute-force slowing, signing key."""
import logging
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from core import security
from core.security import create_access_token, signing_key
from core.settings import Settings
from tests.auth_fixtures import PASSWORD, api  # noqa: F401

ME = "/api/v1/auth/me"


def login(api, username, password=PASSWORD):
    return api.client.post("/api/v1/auth/token", data={"username": username, "password": password})


def test_login_gives_a_bearer_token_for_me(api):
    answer = login(api, "ars_idf")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == api.settings.token_minutes * 60
    me = api.client.get(ME, headers={"Authorization": f"Bearer {body['access_token']}"}).json()
    assert me == {"username": "ars_idf", "role": "ars", "region_code": "11", "disabled": False}


@pytest.mark.parametrize("username,password", [("editor", "wrong password 123"), ("nobody", PASSWORD)])
def test_wrong_password_or_unknown_user_is_401(api, username, password):
    answer = login(api, username, password)
    assert answer.status_code == 401 and answer.headers["WWW-Authenticate"] == "Bearer"
    assert "access_token" not in answer.text


def test_no_token_bad_token_foreign_key_are_401(api):
    assert api.client.get(ME).status_code == 401
    assert api.client.get(ME, headers={"Authorization": "Bearer not-a-jwt"}).status_code == 401
    forged = jwt.encode({"sub": "admin", "gen": 1, "iat": datetime.now(UTC), "exp": datetime.now(UTC)
                         + timedelta(minutes=5), "typ": "access"}, "another key" * 4, algorithm="HS256")
    assert api.client.get(ME, headers={"Authorization": f"Bearer {forged}"}).status_code == 401
    unsigned = jwt.encode({"sub": "admin", "gen": 1, "iat": 0, "exp": 4_000_000_000}, None, algorithm="none")
    assert api.client.get(ME, headers={"Authorization": f"Bearer {unsigned}"}).status_code == 401


def test_expired_token_is_401(api, db):
    gen = db.execute("SELECT token_generation FROM auth.user WHERE username = 'editor'").fetchone()[0]
    old = create_access_token(api.settings, "editor", gen, now=datetime.now(UTC) - timedelta(hours=2))
    answer = api.client.get(ME, headers={"Authorization": f"Bearer {old}"})
    assert answer.status_code == 401 and "expired" in answer.json()["detail"]


def test_disabled_user_loses_tokens_and_cannot_log_in(api):
    assert api.client.get(ME, headers=api.headers("editor")).status_code == 200
    changed = api.client.patch("/api/v1/users/editor", json={"disabled": True}, headers=api.headers("admin"))
    assert changed.status_code == 200 and changed.json()["disabled"] is True
    assert api.client.get(ME, headers=api.headers("editor")).status_code == 401
    assert login(api, "editor").status_code == 401


def test_password_change_revokes_older_tokens(api):
    answer = api.client.patch("/api/v1/users/ars_bfc", json={"password": "a brand new password"},
                              headers=api.headers("admin"))
    assert answer.status_code == 200
    assert api.client.get(ME, headers=api.headers("ars_bfc")).status_code == 401
    assert login(api, "ars_bfc", "a brand new password").status_code == 200


def test_repeated_failures_lock_the_username_from_that_address_then_it_recovers(api, db):
    for _ in range(api.settings.login_max_failures):
        assert login(api, "ars_idf", "guess guess guess").status_code == 401
    locked = login(api, "ars_idf")  # even the right password waits
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0
    assert login(api, "ars_idf", "guess guess guess").status_code == 429  # attempts are not even checked
    # The lock doubles from the first failure past the threshold, up to the cap.
    key = "pair:ars_idf|testclient"
    db.execute("UPDATE auth.login_failure SET locked_until = now() - interval '1 s' WHERE key = %s", [key])
    assert login(api, "ars_idf", "guess guess guess").status_code == 401
    row = db.execute("SELECT extract(epoch FROM locked_until - last_failure) FROM auth.login_failure "
                     "WHERE key = %s", [key]).fetchone()
    assert round(row[0]) == min(2 * api.settings.login_lockout_seconds, api.settings.login_lockout_max_seconds)
    db.execute("UPDATE auth.login_failure SET failures = 40, locked_until = now() - interval '1 s' WHERE key = %s",
               [key])
    assert login(api, "ars_idf", "guess guess guess").status_code == 401
    row = db.execute("SELECT extract(epoch FROM locked_until - last_failure) FROM auth.login_failure "
                     "WHERE key = %s", [key]).fetchone()
    assert round(row[0]) == api.settings.login_lockout_max_seconds  # capped, never 24 h
    db.execute("DELETE FROM auth.login_failure WHERE key = %s", [key])
    assert login(api, "ars_idf").status_code == 200


def test_one_address_trying_many_usernames_is_slowed_too(api, db):
    for i in range(api.settings.login_max_failures * 4):
        login(api, f"user{i}", "guess guess guess")
    assert login(api, "admin").status_code == 429
    db.execute("DELETE FROM auth.login_failure")


def test_without_a_key_one_is_generated_once_into_a_0600_file_shared_by_all(tmp_path, caplog):
    path = tmp_path / "secret_key"
    with caplog.at_level(logging.WARNING, logger="clsm.security"):
        first = signing_key(Settings(secret_key=None, secret_key_file=path))
    assert "CLSM_SECRET_KEY" in caplog.text and len(first) >= 32
    assert path.stat().st_mode & 0o777 == 0o600 and path.read_text() == first
    security._stored_secret.cache_clear()  # another worker, or a restart: the same key
    assert signing_key(Settings(secret_key=None, secret_key_file=path)) == first
    assert signing_key(Settings(secret_key="k" * 40)) == "k" * 40
    with pytest.raises(ValueError, match="at least 32"):
        Settings(secret_key="short")
    path.chmod(0o644)
    security._stored_secret.cache_clear()
    with pytest.raises(ValueError, match="chmod 600"):
        signing_key(Settings(secret_key=None, secret_key_file=path))


def test_passwords_are_argon2id_hashes_never_stored_plain(db):
    stored = db.execute("SELECT password_hash FROM auth.user WHERE username = 'admin'").fetchone()[0]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_api_token_for_scripts_acts_as_its_user_until_revoked(api, db):
    created = api.client.post("/api/v1/auth/api-tokens", json={"name": "nightly export"},
                              headers=api.headers("ars_idf"))
    assert created.status_code == 201
    token, token_id = created.json()["token"], created.json()["id"]
    script = {"Authorization": f"Bearer {token}"}
    assert api.client.get(ME, headers=script).json()["username"] == "ars_idf"
    assert api.client.get("/api/v1/councils/CLSM-9001/private", headers=script).status_code == 200
    stored = db.execute("SELECT token_sha256, last_used_at FROM auth.api_token WHERE id = %s", (token_id,)).fetchone()
    assert token not in stored[0] and stored[1] is not None
    listed = api.client.get("/api/v1/auth/api-tokens", headers=api.headers("ars_idf")).json()["items"]
    assert [t["name"] for t in listed] == ["nightly export"] and "token" not in listed[0]
    assert api.client.delete(f"/api/v1/auth/api-tokens/{token_id}", headers=api.headers("ars_bfc")).status_code == 403
    assert api.client.delete(f"/api/v1/auth/api-tokens/{token_id}", headers=script).status_code == 204
    assert api.client.get(ME, headers=script).status_code == 401
    assert api.client.get(ME, headers={"Authorization": "Bearer clsm_made-up"}).status_code == 401
