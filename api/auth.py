"""Who is calling: bearer token -> user (read from the primary database on every request, so a
disabled user or a changed role takes effect at once) and role checks as Annotated dependencies."""
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy import Connection, text

from api.deps import connection_to
from api.queries import api_tokens
from api.queries.users import User, get_user
from core.db import get_engine
from core.errors import Forbidden, Unauthorized
from core.security import API_TOKEN_PREFIX, decode_access_token
from core.settings import Settings

TOKEN_URL = "/api/v1/auth/token"
bearer = OAuth2PasswordBearer(tokenUrl=TOKEN_URL, auto_error=False)


def get_primary_connection(request: Request) -> Iterator[Connection]:
    """A connection to the primary (never the read replica): writes, users, audit. Writers commit
    explicitly; anything uncommitted is rolled back on close."""
    yield from connection_to(request.app.state.settings.database_url)


PrimaryConnDep = Annotated[Connection, Depends(get_primary_connection)]


def optional_user(request: Request, token: Annotated[str | None, Depends(bearer)]) -> User | None:
    if not token:
        return None
    settings: Settings = request.app.state.settings
    if token.startswith(API_TOKEN_PREFIX):
        with get_engine(settings.database_url).connect() as conn:
            user = api_tokens.user_for(conn, token)
            conn.commit()
        if user is None or user.disabled:
            raise Unauthorized("unknown or revoked API token, or its user is disabled")
    else:
        username, generation = decode_access_token(settings, token)
        with get_engine(settings.database_url).connect() as conn:
            user = get_user(conn, username)
        if user is None or user.disabled or user.token_generation != generation:
            raise Unauthorized("this token is no longer valid (user disabled, changed or removed); log in again")
    request.state.user = user
    return user


def current_user(user: Annotated[User | None, Depends(optional_user)]) -> User:
    if user is None:
        raise Unauthorized("authentication required: send 'Authorization: Bearer <token>' (POST /auth/token)")
    return user


def require_roles(*roles: str):
    def check(user: Annotated[User, Depends(current_user)]) -> User:
        if user.role not in roles:
            raise Forbidden(f"role {user.role!r} may not do this; needed: {', '.join(roles)}")
        return user

    return check


def may_read_private(user: User | None, region_code: str | None) -> bool:
    """Private council fields: the national centre everywhere, an ARS in its own region only."""
    if user is None:
        return False
    if user.role in ("editor", "admin"):
        return True
    return user.role == "ars" and region_code is not None and region_code == user.region_code


def check_scenario_access(settings: Settings, conn: Connection, user: User | None, communes: list[str],
                          epci: str | None) -> None:
    """With ``scenario_requires_login``: ARS (on its own region only), editors and admins."""
    if not settings.scenario_requires_login:
        return
    if user is None:
        raise Unauthorized("log in to run scenarios (ARS, editor, admin)")
    if user.role == "ars":
        regions = {r[0] for r in conn.execute(text(
            "SELECT DISTINCT region_code FROM geo.commune WHERE code = ANY(:c) OR (epci_code = :e AND type = 'COM')"),
            {"c": communes, "e": epci})}
        if regions - {user.region_code}:
            raise Forbidden("an ARS simulates territories of its own region only")


OptionalUser = Annotated[User | None, Depends(optional_user)]
CurrentUser = Annotated[User, Depends(current_user)]
PrivateReader = Annotated[User, Depends(require_roles("ars", "editor", "admin"))]
EditorUser = Annotated[User, Depends(require_roles("editor", "admin"))]
AdminUser = Annotated[User, Depends(require_roles("admin"))]
