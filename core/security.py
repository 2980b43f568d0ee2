"""Password hashing (argon2id) and signed access tokens (JWT, HS256)."""
import hashlib
import hmac
import logging
import os
import secrets
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from core.errors import Unauthorized
from core.settings import Settings

log = logging.getLogger("clsm.security")
ROLES = ("ars", "editor", "admin")
MIN_PASSWORD_LENGTH = 12
MIN_SECRET_LENGTH = 32
ALGORITHM = "HS256"
_hasher = PasswordHasher()  # argon2id, library defaults (RFC 9106 low-memory profile)
# Verified when the user does not exist, so a login takes as long for unknown names (no enumeration).
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"password too short: at least {MIN_PASSWORD_LENGTH} characters")
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=4)
def _stored_secret(path: Path) -> str:
    """The key in ``path``, generated there once (mode 0600) when missing. Every worker and the
    dashboard read the same file, so a token signed by one is valid for all, across restarts.
    Written beside and hard-linked into place: a concurrent worker never reads half a key."""
    if not path.exists():
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)
            log.warning("CLSM_SECRET_KEY is not set: generated a signing key into %s (mode 0600), shared by "
                        "every worker; set CLSM_SECRET_KEY in production", path)
        except FileExistsError:
            pass  # another worker was first: use its key
        finally:
            tmp.unlink(missing_ok=True)
    if path.stat().st_mode & 0o077:
        raise ValueError(f"{path} is readable by other users: chmod 600 it")
    key = path.read_text().strip()
    if len(key) < MIN_SECRET_LENGTH:
        raise ValueError(f"{path} holds a key under {MIN_SECRET_LENGTH} characters")
    return key


def signing_key(settings: Settings) -> str:
    if settings.secret_key is None:
        return _stored_secret(settings.secret_key_file)
    if len(settings.secret_key) < MIN_SECRET_LENGTH:
        raise ValueError(f"CLSM_SECRET_KEY must be at least {MIN_SECRET_LENGTH} characters")
    return settings.secret_key


SERVICE_HEADER = b"x-clsm-service"  # the dashboard proves it is the dashboard...
VISITOR_HEADER = b"x-clsm-visitor"  # ...and names the visitor it calls for (rate limits, lockouts)


def service_token(settings: Settings) -> str:
    """The dashboard's shared secret with the API: settings.service_token, else derived from the
    signing key (never that key itself), which both already share."""
    if settings.service_token:
        return settings.service_token
    return hmac.new(signing_key(settings).encode(), b"clsm dashboard service token", hashlib.sha256).hexdigest()


def create_access_token(settings: Settings, username: str, generation: int, now: datetime | None = None) -> str:
    """Role and region are not in the token: they are read from the database on each request, so a
    change or a disable takes effect at once."""
    now = now or datetime.now(UTC)
    claims = {"sub": username, "gen": generation, "iat": now,
              "exp": now + timedelta(minutes=settings.token_minutes), "typ": "access"}
    return jwt.encode(claims, signing_key(settings), algorithm=ALGORITHM)


def decode_access_token(settings: Settings, token: str) -> tuple[str, int]:
    """(username, token generation), or Unauthorized for a bad, expired or foreign token."""
    try:
        claims = jwt.decode(token, signing_key(settings), algorithms=[ALGORITHM],
                            options={"require": ["sub", "exp", "iat", "gen"]})
    except jwt.ExpiredSignatureError as exc:
        raise Unauthorized("the access token has expired; log in again") from exc
    except jwt.InvalidTokenError as exc:
        raise Unauthorized("invalid access token") from exc
    if claims.get("typ") != "access":
        raise Unauthorized("invalid access token")
    return claims["sub"], int(claims["gen"])


API_TOKEN_PREFIX = "clsm_"


def new_api_token() -> tuple[str, str]:
    """(token shown once, its SHA-256 stored). 256 random bits: a fast hash is enough, no salt needed."""
    token = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    return token, api_token_sha256(token)


def api_token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
