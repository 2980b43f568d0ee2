"""Audit log of every write, for admins: JSON pages and a CSV export."""
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.auth import AdminUser, PrimaryConnDep
from api.queries import audit

router = APIRouter(prefix="/audit", tags=["administration"])
Filter = Annotated[str | None, Query(max_length=200)]


@router.get("", summary="Audit events, newest first (admin): who, when, action, before/after")
def audit_events(admin: AdminUser, conn: PrimaryConnDep, entity: Filter = None, entity_id: Filter = None,
                 username: Filter = None, limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                 offset: Annotated[int, Query(ge=0)] = 0) -> dict:
    items, total = audit.list_events(conn, entity, entity_id, username, limit, offset)
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.get("/export.csv", summary="The audit log as CSV (admin)", response_class=Response)
def audit_csv(admin: AdminUser, conn: PrimaryConnDep, entity: Filter = None, entity_id: Filter = None,
              username: Filter = None) -> Response:
    return Response(audit.events_csv(conn, entity, entity_id, username), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="clsm-audit.csv"',
                             "Cache-Control": "private, no-store"})
