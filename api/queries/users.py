"""Users of the protected API (schema auth) and the failed-login counters that slow brute force."""
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, text

from core.errors import Conflict, InvalidParameter, NotFound

FAILURE_WINDOW = timedelta(hours=1)  # counters older than this start again from zero
IP_FACTOR = 4  # an address may fail more often than one username (shared NAT), then it is slowed too
ACCOUNT_FACTOR = 10  # one account guessed from many addresses is slowed too


@dataclass(frozen=True)
class User:
    username: str
    role: str
    region_code: str | None
    disabled: bool
    token_generation: int

    def as_dict(self) -> dict:
        return {"username": self.username, "role": self.role, "region_code": self.region_code,
                "disabled": self.disabled}


USER_COLUMNS = "username, role, region_code, disabled, token_generation"


def get_user(conn: Connection, username: str) -> User | None:
    row = conn.execute(text(f"SELECT {USER_COLUMNS} FROM auth.user WHERE username = :u"), {"u": username}).first()
    return User(*row) if row else None


def get_password_hash(conn: Connection, username: str) -> tuple[User, str] | None:
    row = conn.execute(text(f"SELECT {USER_COLUMNS}, password_hash FROM auth.user WHERE username = :u"),
                       {"u": username}).first()
    return (User(*row[:5]), row[5]) if row else None


def list_users(conn: Connection) -> list[User]:
    return [User(*r) for r in conn.execute(text(f"SELECT {USER_COLUMNS} FROM auth.user ORDER BY username"))]


def _check_role(conn: Connection, role: str, region_code: str | None) -> None:
    if role not in ("ars", "editor", "admin"):
        raise InvalidParameter(f"unknown role {role!r}: ars, editor or admin")
    if (role == "ars") != (region_code is not None):
        raise InvalidParameter("an ars user needs exactly one region; other roles have none")
    if region_code and not conn.execute(text("SELECT 1 FROM geo.region WHERE code = :c"), {"c": region_code}).first():
        raise InvalidParameter(f"unknown region code {region_code!r}")


def add_user(conn: Connection, username: str, password_hash: str, role: str, region_code: str | None) -> User:
    _check_role(conn, role, region_code)
    if get_user(conn, username):
        raise Conflict(f"user {username!r} already exists")
    conn.execute(text("INSERT INTO auth.user (username, password_hash, role, region_code) VALUES (:u, :h, :r, :g)"),
                 {"u": username, "h": password_hash, "r": role, "g": region_code})
    return get_user(conn, username)


def update_user(conn: Connection, username: str, role: str | None = None, region_code: str | None = None,
                disabled: bool | None = None, password_hash: str | None = None) -> tuple[User, User]:
    """(before, after). Disabling or a new password revokes the tokens already issued."""
    before = get_user(conn, username)
    if before is None:
        raise NotFound(f"no user {username!r}")
    new_role = role or before.role
    new_region = region_code if role else (region_code or before.region_code)
    if role and role != "ars":
        new_region = None
    _check_role(conn, new_role, new_region)
    revoke = bool(password_hash) or (disabled is True and not before.disabled) or new_role != before.role
    conn.execute(text(
        "UPDATE auth.user SET role = :r, region_code = :g, disabled = coalesce(:d, disabled), "
        "password_hash = coalesce(:h, password_hash), token_generation = token_generation + :rev "
        "WHERE username = :u"),
        {"u": username, "r": new_role, "g": new_region, "d": disabled, "h": password_hash, "rev": int(revoke)})
    return before, get_user(conn, username)


# --- failed logins ---------------------------------------------------------------------------
def failure_keys(username: str, address: str) -> dict[str, int]:
    """Counter key -> failures before a lockout (``threshold`` failures of one account from one
    address). Per account *and* address: a stranger cannot lock a user out from elsewhere. The
    address alone (many usernames) and the account alone (many addresses) get looser thresholds."""
    name, address = username[:200], address[:64]
    return {f"pair:{name}|{address}": 1, f"ip:{address}": IP_FACTOR, f"user:{name}": ACCOUNT_FACTOR}


def lock_counters(conn: Connection, keys: list[str]) -> None:
    """Row-lock the counters of one login attempt (created when missing) until the transaction ends:
    check, password verification and recording happen under it, so parallel attempts queue and
    none is verified once the threshold is reached. Sorted keys: no deadlock between attempts."""
    keys = sorted(keys)
    conn.execute(text("INSERT INTO auth.login_failure (key, failures, last_failure) "
                      "SELECT k, 0, now() FROM unnest(CAST(:k AS text[])) WITH ORDINALITY AS t(k, n) ORDER BY n "
                      "ON CONFLICT (key) DO NOTHING"), {"k": keys})
    conn.execute(text("SELECT key FROM auth.login_failure WHERE key = ANY(:k) ORDER BY key FOR UPDATE"), {"k": keys})


def locked_for(conn: Connection, keys: list[str], now: datetime | None = None) -> int:
    """Seconds left of the longest lockout among ``keys`` (0: not locked)."""
    now = now or datetime.now(UTC)
    until = conn.execute(text("SELECT max(locked_until) FROM auth.login_failure WHERE key = ANY(:k)"),
                         {"k": keys}).scalar()
    return max(0, int((until - now).total_seconds()) + 1) if until and until > now else 0


def record_failure(conn: Connection, key: str, threshold: int, lockout_s: int, max_lockout_s: int,
                   now: datetime | None = None) -> None:
    """Count a failure; from ``threshold`` failures on, lock for ``lockout_s`` doubled at each further
    one, never longer than ``max_lockout_s``."""
    now = now or datetime.now(UTC)
    # Forget finished counters (attackers try many usernames): the table stays small.
    # SKIP LOCKED: never wait for (nor deadlock with) another attempt's counters.
    conn.execute(text("DELETE FROM auth.login_failure WHERE key IN (SELECT key FROM auth.login_failure "
                      "WHERE last_failure < :reset AND key <> :k AND (locked_until IS NULL OR locked_until < :now) "
                      "FOR UPDATE SKIP LOCKED)"),
                 {"reset": now - FAILURE_WINDOW, "now": now, "k": key})
    failures = conn.execute(text(
        "INSERT INTO auth.login_failure AS f (key, failures, last_failure) VALUES (:k, 1, :now) "
        "ON CONFLICT (key) DO UPDATE SET failures = CASE WHEN f.last_failure < :reset THEN 1 "
        "ELSE f.failures + 1 END, last_failure = :now RETURNING failures"),
        {"k": key, "now": now, "reset": now - FAILURE_WINDOW}).scalar_one()
    if failures >= threshold:
        seconds = min(lockout_s * 2 ** min(failures - threshold, 16), max_lockout_s)
        conn.execute(text("UPDATE auth.login_failure SET locked_until = :t WHERE key = :k"),
                     {"k": key, "t": now + timedelta(seconds=seconds)})


def clear_failures(conn: Connection, keys: list[str]) -> None:
    conn.execute(text("DELETE FROM auth.login_failure WHERE key = ANY(:k)"), {"k": keys})
