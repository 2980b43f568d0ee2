"""Log in (OAuth2 password flow) and who am I."""
from typing import Annotated

from fastapi import APIRouter, Depends, Request, status
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel, Field

from api.auth import CurrentUser, PrimaryConnDep
from api.queries import api_tokens, audit, users
from core.errors import Forbidden, TooManyRequests, Unauthorized
from core.security import create_access_token, verify_password
from core.settings import Settings

router = APIRouter(prefix="/auth", tags=["authentication"])


def client_ip(request: Request) -> str:
    """The visitor as api.hardening resolved it (trusted proxy or dashboard), else the peer."""
    return getattr(request.state, "visitor", None) or (request.client.host if request.client else "unknown")


@router.post("/token", summary="Exchange username and password for a short-lived bearer token")
def login(request: Request, form: Annotated[OAuth2PasswordRequestForm, Depends()], conn: PrimaryConnDep) -> dict:
    settings: Settings = request.app.state.settings
    thresholds = users.failure_keys(form.username, client_ip(request))
    # Check, verify and record under a row lock of the counters: parallel guesses queue here.
    users.lock_counters(conn, list(thresholds))
    wait = users.locked_for(conn, list(thresholds))
    if wait:
        conn.commit()
        raise TooManyRequests(f"too many failed logins; retry in {wait} s", retry_after=wait)
    found = users.get_password_hash(conn, form.username)
    ok = verify_password(form.password, found[1] if found else None)
    if not ok or found[0].disabled:
        for key, factor in thresholds.items():
            users.record_failure(conn, key, settings.login_max_failures * factor, settings.login_lockout_seconds,
                                 settings.login_lockout_max_seconds)
        conn.commit()
        raise Unauthorized("wrong username or password, or the account is disabled")
    users.clear_failures(conn, [k for k in thresholds if not k.startswith("ip:")])
    conn.commit()
    user = found[0]
    return {"access_token": create_access_token(settings, user.username, user.token_generation),
            "token_type": "bearer", "expires_in": settings.token_minutes * 60}


@router.get("/me", summary="The logged-in user: username, role, ARS region")
def me(user: CurrentUser) -> dict:
    return user.as_dict()


class NewApiToken(BaseModel):
    name: str = Field(min_length=3, max_length=100, description="what the script is, e.g. 'export nightly'")


@router.post("/api-tokens", status_code=status.HTTP_201_CREATED,
             summary="A long-lived token for a script, acting as you; shown once, only its hash is stored")
def create_api_token(body: NewApiToken, user: CurrentUser, conn: PrimaryConnDep) -> dict:
    token, row = api_tokens.create(conn, user.username, body.name)
    audit.record(conn, user, "api_token.create", "api_token", str(row["id"]), None, {"name": body.name},
                 register_change=False)
    conn.commit()
    return {**row, "token": token}


@router.get("/api-tokens", summary="Your API tokens (admin: everyone's); never the tokens themselves")
def list_api_tokens(user: CurrentUser, conn: PrimaryConnDep) -> dict:
    return {"items": api_tokens.list_for(conn, None if user.role == "admin" else user.username)}


@router.delete("/api-tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT,
               summary="Revoke one of your API tokens (admin: any)")
def revoke_api_token(token_id: int, user: CurrentUser, conn: PrimaryConnDep) -> None:
    row = api_tokens.get(conn, token_id)
    if row["username"] != user.username and user.role != "admin":
        raise Forbidden("you may revoke your own tokens only")
    api_tokens.revoke(conn, token_id)
    audit.record(conn, user, "api_token.revoke", "api_token", str(token_id), {"revoked": row["revoked"]},
                 {"revoked": True}, register_change=False)
    conn.commit()
