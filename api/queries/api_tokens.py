"""API tokens for scripts: long-lived, hashed, revocable; they act as their user."""
from sqlalchemy import Connection, text

from api.queries.users import USER_COLUMNS, User
from core.errors import NotFound
from core.security import api_token_sha256, new_api_token

COLUMNS = "t.id, t.name, t.created_at, t.last_used_at, t.revoked, u.username"
USER_OF_TOKEN = ", ".join("u." + c.strip() for c in USER_COLUMNS.split(","))


def create(conn: Connection, username: str, name: str) -> tuple[str, dict]:
    token, digest = new_api_token()
    token_id = conn.execute(text(
        "INSERT INTO auth.api_token (user_id, name, token_sha256) SELECT id, :n, :h FROM auth.user "
        "WHERE username = :u RETURNING id"), {"u": username, "n": name, "h": digest}).scalar_one()
    return token, get(conn, token_id)


def get(conn: Connection, token_id: int) -> dict:
    row = conn.execute(text(f"SELECT {COLUMNS} FROM auth.api_token t JOIN auth.user u ON u.id = t.user_id "
                            "WHERE t.id = :i"), {"i": token_id}).mappings().first()
    if row is None:
        raise NotFound(f"no API token {token_id}")
    return dict(row)


def list_for(conn: Connection, username: str | None) -> list[dict]:
    """The tokens of ``username``, or every token (None: admins)."""
    rows = conn.execute(text(f"SELECT {COLUMNS} FROM auth.api_token t JOIN auth.user u ON u.id = t.user_id "
                             "WHERE CAST(:u AS text) IS NULL OR u.username = :u ORDER BY t.id"), {"u": username})
    return [dict(r) for r in rows.mappings()]


def revoke(conn: Connection, token_id: int) -> None:
    conn.execute(text("UPDATE auth.api_token SET revoked = true WHERE id = :i"), {"i": token_id})


def user_for(conn: Connection, token: str) -> User | None:
    """The user a live token acts as (None when unknown or revoked); notes its last use."""
    row = conn.execute(text(
        f"UPDATE auth.api_token t SET last_used_at = now() FROM auth.user u WHERE u.id = t.user_id "
        f"AND t.token_sha256 = :h AND NOT t.revoked RETURNING {USER_OF_TOKEN}"),
        {"h": api_token_sha256(token)}).first()
    return User(*row) if row else None
