"""Log in (OAuth2 password flow) and who am I."""
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm

from api.auth import CurrentUser, PrimaryConnDep
from api.queries import users
from core.errors import TooManyRequests, Unauthorized
from core.security import create_access_token, verify_password
from core.settings import Settings

router = APIRouter(prefix="/auth", tags=["authentication"])


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("/token", summary="Exchange username and password for a short-lived bearer token")
def login(request: Request, form: Annotated[OAuth2PasswordRequestForm, Depends()], conn: PrimaryConnDep) -> dict:
    settings: Settings = request.app.state.settings
    user_key, ip_key = f"user:{form.username}", f"ip:{client_ip(request)}"
    wait = users.locked_for(conn, [user_key, ip_key])
    if wait:
        raise TooManyRequests(f"too many failed logins; retry in {wait} s", retry_after=wait)
    found = users.get_password_hash(conn, form.username)
    ok = verify_password(form.password, found[1] if found else None)
    if not ok or found[0].disabled:
        users.record_failure(conn, user_key, settings.login_max_failures, settings.login_lockout_seconds)
        users.record_failure(conn, ip_key, settings.login_max_failures * users.IP_FACTOR,
                             settings.login_lockout_seconds)
        conn.commit()
        raise Unauthorized("wrong username or password, or the account is disabled")
    users.clear_failures(conn, user_key)
    conn.commit()
    user = found[0]
    return {"access_token": create_access_token(settings, user.username, user.token_generation),
            "token_type": "bearer", "expires_in": settings.token_minutes * 60}


@router.get("/me", summary="The logged-in user: username, role, ARS region")
def me(user: CurrentUser) -> dict:
    return user.as_dict()
