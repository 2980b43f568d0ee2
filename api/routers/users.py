"""User management (admin only). Every change goes into the audit log."""
from typing import Literal

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from api.auth import AdminUser, PrimaryConnDep
from api.queries import audit, users
from core.security import hash_password

router = APIRouter(prefix="/users", tags=["administration"])
Role = Literal["ars", "editor", "admin"]


class NewUser(BaseModel):
    username: str = Field(min_length=3, max_length=80, pattern=r"^[A-Za-z0-9._@-]+$")
    password: str = Field(min_length=12, max_length=200)
    role: Role
    region_code: str | None = None


class UserChange(BaseModel):
    role: Role | None = None
    region_code: str | None = None
    disabled: bool | None = None
    password: str | None = Field(default=None, min_length=12, max_length=200)


@router.get("", summary="Every user (admin)")
def list_users(admin: AdminUser, conn: PrimaryConnDep) -> dict:
    return {"items": [u.as_dict() for u in users.list_users(conn)]}


@router.post("", status_code=status.HTTP_201_CREATED, summary="Create a user (admin)")
def add_user(body: NewUser, admin: AdminUser, conn: PrimaryConnDep) -> dict:
    user = users.add_user(conn, body.username, hash_password(body.password), body.role, body.region_code)
    audit.record(conn, admin, "user.create", "user", user.username, None, user.as_dict(), register_change=False)
    conn.commit()
    return user.as_dict()


@router.patch("/{username}", summary="Change role or region, disable or enable, reset password (admin)")
def change_user(username: str, body: UserChange, admin: AdminUser, conn: PrimaryConnDep) -> dict:
    new_hash = hash_password(body.password) if body.password else None
    before, after = users.update_user(conn, username, body.role, body.region_code, body.disabled, new_hash)
    b, a = audit.changed_fields(before.as_dict(), after.as_dict())
    if new_hash:  # the hash itself never goes into the log
        b, a = {**b, "password": "(old)"}, {**a, "password": "(changed)"}
    audit.record(conn, admin, "user.update", "user", username, b, a, register_change=False)
    conn.commit()
    return after.as_dict()
