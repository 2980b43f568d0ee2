"""Register editing (national centre: editor, admin) and private council fields (also ARS, own
region). Writes need If-Match with the council's ETag; each one is audited, refreshes coverage and
changes the data version."""
from datetime import date, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Request, Response, status
from pydantic import AfterValidator, BaseModel, Field, create_model

from api.auth import EditorUser, PrimaryConnDep, PrivateReader, may_read_private
from api.queries import audit
from api.queries import register_edit as edit
from core import council_fields
from core.errors import Conflict, Forbidden, InvalidParameter
from core.models import CARRIER_TYPES, COUNCIL_STATUSES, FUNDING_SOURCES, TERRITORY_SCALES

router = APIRouter(tags=["register editing"])
Status = Literal[COUNCIL_STATUSES]
Scale = Literal[TERRITORY_SCALES]
Carrier = Literal[CARRIER_TYPES]
PRIVATE_HEADERS = {"Cache-Control": "private, no-store", "Vary": "Authorization"}
IfMatch = Annotated[str | None, Header(description="the council's ETag, e.g. \"CLSM-0001.3\"")]
COUNCIL_ID = r"^CLSM-[0-9]{4,8}$"  # bounded: the number fits the id sequence
EARLIEST = date(1970, 1, 1)  # before any council


def _plausible(day: date) -> date:
    """A council date lies between 1970 and a year from now (a planned change), not in 9999."""
    latest = date.today() + timedelta(days=366)
    if not EARLIEST <= day <= latest:
        raise ValueError(f"date outside {EARLIEST.isoformat()} .. {latest.isoformat()}")
    return day


EditDate = Annotated[date, AfterValidator(_plausible)]


class FundingLine(BaseModel):
    source: Literal[FUNDING_SOURCES]
    year: int = Field(ge=1990, le=2100)
    amount_eur: float = Field(ge=0)


class ContactIn(BaseModel):
    name: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=200, pattern=r"^[^@\s]+@[^@\s]+$")
    phone: str | None = Field(default=None, max_length=40)
    role: str | None = Field(default=None, max_length=100)


# Editable fields with limits of their own; any other editable field of the spec is typed by its kind.
RULES = {
    "name": (str | None, Field(default=None, min_length=3, max_length=300)),
    "created_on": (EditDate | None, None),
    "scale": (Scale | None, None),
    "carrier_type": (Carrier | None, None),
    "carrier_name": (str | None, Field(default=None, max_length=300)),
    "fte": (float | None, Field(default=None, ge=0, le=10)),
    "budget_eur": (float | None, Field(default=None, ge=0)),
    "source": (str | None, Field(default=None, max_length=300)),
}
_KIND_TYPES = {"text": str, "code": str, "date": EditDate, "number": float, "integer": int, "boolean": bool,
               "list": list[str]}


def _editable(spec: council_fields.CouncilField) -> tuple:
    if spec.name in RULES:
        return RULES[spec.name]
    limit = {"max_length": 1000} if spec.kind == "text" else {}
    return _KIND_TYPES[spec.kind] | None, Field(default=None, description=spec.description or spec.label_en, **limit)


CouncilFields = create_model(
    "CouncilFields", **{f.name: _editable(f) for f in council_fields.fields(editable=True)},
    communes=(list[str] | None, Field(default=None, description="territory: INSEE codes (replaces it)")),
    epci=(list[str] | None, Field(default=None, description="territory: EPCI SIREN, expanded to member communes")),
    funding=(list[FundingLine] | None, Field(default=None, description="replaces the funding lines")),
    contacts=(list[ContactIn] | None, Field(default=None, description="replaces the contacts (private)")),
)


class NewCouncil(CouncilFields):
    id: str | None = Field(default=None, pattern=COUNCIL_ID, description="CLSM- and 4 to 8 digits; default: the "
                           "next free id")
    name: str = Field(min_length=3, max_length=300)
    scale: Scale
    status: Status
    status_from: EditDate | None = Field(default=None, description="default: created_on, else today")
    status_note: str | None = Field(default=None, max_length=1000)
    communes: list[str] = Field(default_factory=list)


class StatusChange(BaseModel):
    status: Status
    from_date: EditDate
    note: str | None = Field(default=None, max_length=1000)


def _answer(response: Response, council: dict) -> dict:
    response.headers["ETag"] = edit.etag(council["id"], council["revision"])
    response.headers.update(PRIVATE_HEADERS)
    return council


def _children(conn, body: CouncilFields, fields: set[str]) -> dict:
    out = {}
    if {"communes", "epci"} & fields:
        out["territory"] = edit.resolve_territory(conn, body.communes or [], body.epci or [])
    if "funding" in fields:
        out["funding"] = [f.model_dump() for f in body.funding or []]
    if "contacts" in fields:
        out["contacts"] = [c.model_dump() for c in body.contacts or []]
    return out


# What coverage and its stored figures by area (today's and the yearly series) depend on.
COVERAGE_INPUTS = {"status", "territory", "status_history", "region_code", "departement_code", "fte"}


def forget_data_version(request: Request) -> None:
    """This worker sees the new data version at once (others within api.versioning.VERSION_TTL_S)."""
    request.app.state.data_state = None


def _commit_write(request: Request, conn, user, action: str, council_id: str, before: dict | None) -> dict:
    after = edit.snapshot(conn, council_id)
    b, a = audit.changed_fields(before, after)
    audit.record(conn, user, action, "council", council_id, b, a, register_change=True)
    if before is None or COVERAGE_INPUTS & set(a):
        edit.refresh_coverage_after_write(conn, [council_id])  # the stored funding too
    elif "funding" in a:
        edit.refresh_funding_after_write(conn)
    conn.commit()
    forget_data_version(request)
    return after


@router.get("/councils/{council_id}/private", summary="Council with its private fields (contacts, budget lines)"
            " and its ETag: ARS of its region, editor, admin")
def private_council(council_id: str, user: PrivateReader, conn: PrimaryConnDep, response: Response) -> dict:
    council = edit.require(conn, council_id)
    if not may_read_private(user, council["region_code"]):
        raise Forbidden("an ARS reads the private fields of the councils of its own region only")
    return _answer(response, council)


@router.post("/councils", status_code=status.HTTP_201_CREATED, summary="Create a council (editor, admin)")
def create_council(request: Request, body: NewCouncil, user: EditorUser, conn: PrimaryConnDep,
                   response: Response) -> dict:
    given = body.model_fields_set
    children = _children(conn, body, given | {"communes"})
    council_id = body.id or edit.next_council_id(conn)
    if edit.snapshot(conn, council_id):
        raise Conflict(f"council {council_id} already exists; update it with PATCH")
    region, departement = edit.where_from_territory(conn, children["territory"])
    fields = {k: getattr(body, k) for k in edit.EDITABLE if k in given}
    fields = {"region_code": region, "departement_code": departement, **fields, "id": council_id,
              "status": body.status}
    edit.insert_council(conn, fields, body.status_from or body.created_on or date.today(), body.status_note)
    edit.replace_children(conn, council_id, **children)
    after = _commit_write(request, conn, user, "council.create", council_id, None)
    response.headers["Location"] = f"/api/v1/councils/{council_id}"
    return _answer(response, after)


@router.patch("/councils/{council_id}", summary="Update a council (editor, admin); If-Match required")
def update_council(request: Request, council_id: str, body: CouncilFields, user: EditorUser, conn: PrimaryConnDep,
                   response: Response, if_match: IfMatch = None) -> dict:
    before = edit.require(conn, council_id, for_update=True)
    edit.check_if_match(if_match, council_id, before["revision"])
    given = body.model_fields_set
    if not given:
        raise InvalidParameter("nothing to change")
    children = _children(conn, body, given)
    fields = {k: getattr(body, k) for k in edit.EDITABLE if k in given}
    for required in ("name", "scale"):
        if required in fields and fields[required] is None:
            raise InvalidParameter(f"{required} cannot be emptied")
    edit.update_council(conn, council_id, fields)
    edit.replace_children(conn, council_id, **children)
    return _answer(response, _commit_write(request, conn, user, "council.update", council_id, before))


@router.post("/councils/{council_id}/status", summary="Change the status with a date and a note, appended to"
             " the history (editor, admin); If-Match required")
def change_status(request: Request, council_id: str, body: StatusChange, user: EditorUser, conn: PrimaryConnDep,
                  response: Response, if_match: IfMatch = None) -> dict:
    before = edit.require(conn, council_id, for_update=True)
    edit.check_if_match(if_match, council_id, before["revision"])
    edit.add_status(conn, council_id, body.status, body.from_date, body.note)
    edit.update_council(conn, council_id, {"status": edit.current_status_after(conn, council_id)})
    return _answer(response, _commit_write(request, conn, user, "council.status", council_id, before))
