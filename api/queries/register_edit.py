"""Writes to the register through the API: create, update, status change. Each runs in the
caller's transaction with its audit row and the incremental coverage refresh, so a failure leaves
nothing behind and no reader ever sees a council without its coverage."""
from collections import Counter
from datetime import date
from decimal import Decimal

from sqlalchemy import Connection, text

from core import council_fields
from core.errors import InvalidParameter, NotFound, PreconditionFailed, PreconditionRequired

EDITABLE = council_fields.names(editable=True)


def etag(council_id: str, revision: int) -> str:
    return f'"{council_id}.{revision}"'


def check_if_match(if_match: str | None, council_id: str, revision: int) -> None:
    """412 unless If-Match names the current revision; 428 without If-Match (lost-update guard)."""
    if not if_match:
        raise PreconditionRequired("send If-Match with the council's ETag (from GET /councils/{id}/private or "
                                   "the last write) so concurrent edits cannot overwrite each other")
    current = etag(council_id, revision)
    given = [t.strip().removeprefix("W/") for t in if_match.split(",")]
    if "*" not in given and current not in given:
        raise PreconditionFailed("the council changed since you read it; reload it and apply your change again",
                                 current_etag=current)


def snapshot(conn: Connection, council_id: str, for_update: bool = False) -> dict | None:
    """The whole council with its children (private fields included): audit, private view."""
    every = ", ".join(f'"{k}"' for k in council_fields.names())  # every column, personal ones too: private
    row = conn.execute(text(f"SELECT {every} FROM register.council WHERE id = :id"
                            + (" FOR UPDATE" if for_update else "")), {"id": council_id}).mappings().first()
    if row is None:
        return None
    one = lambda sql: [_numbers(r) for r in conn.execute(text(sql), {"id": council_id}).mappings()]  # noqa: E731
    return {**_numbers(row),
            "territory": one("SELECT commune_code AS code, via_epci FROM register.territory WHERE council_id = :id "
                             "ORDER BY commune_code"),
            "status_history": one("SELECT status, from_date, note FROM register.status_history "
                                  "WHERE council_id = :id ORDER BY from_date, id"),
            "funding": one("SELECT source, year, amount_eur FROM register.funding WHERE council_id = :id "
                           "ORDER BY year, source, id"),
            "contacts": one("SELECT name, email, phone, role FROM register.contact WHERE council_id = :id ORDER BY id")}


def _numbers(row) -> dict:
    """Numeric columns as JSON numbers, not strings."""
    return {k: float(v) if isinstance(v, Decimal) else v for k, v in row.items()}


def require(conn: Connection, council_id: str, for_update: bool = False) -> dict:
    found = snapshot(conn, council_id, for_update)
    if found is None:
        raise NotFound(f"no council {council_id!r}")
    return found


def resolve_territory(conn: Connection, communes: list[str], epci: list[str]) -> list[tuple[str, str | None]]:
    """(commune code, via EPCI SIREN) pairs; unknown codes are a 422 naming them."""
    known = {r[0] for r in conn.execute(text("SELECT code FROM geo.commune WHERE code = ANY(:c)"), {"c": communes})}
    unknown = sorted(set(communes) - known)
    members = {}
    for siren in epci:
        codes = [r[0] for r in conn.execute(text(
            "SELECT code FROM geo.commune WHERE epci_code = :e AND type = 'COM' ORDER BY code"), {"e": siren})]
        if not codes:
            unknown.append(f"EPCI {siren}")
        for code in codes:
            members.setdefault(code, siren)
    if unknown:
        raise InvalidParameter(f"unknown commune or EPCI code(s): {', '.join(unknown)}")
    pairs = {code: None for code in communes}
    for code, siren in members.items():
        pairs.setdefault(code, siren)
    if not pairs:
        raise InvalidParameter("a council needs a territory: at least one commune or EPCI")
    return sorted(pairs.items())


def where_from_territory(conn: Connection, territory: list[tuple[str, str | None]]) -> tuple[str, str]:
    """(région, département) holding most of the territory's communes."""
    rows = conn.execute(text("SELECT region_code, departement_code FROM geo.commune WHERE code = ANY(:c)"),
                        {"c": [c for c, _ in territory]}).all()
    return Counter(r[0] for r in rows).most_common(1)[0][0], Counter(r[1] for r in rows).most_common(1)[0][0]


def next_council_id(conn: Connection) -> str:
    """CLSM-NNNN from register.council_id_seq (no cast of existing ids, no table lock). A number
    an import took already moves the sequence past the largest CLSM-NNNN, then it draws again."""
    while True:
        number = conn.execute(text("SELECT nextval('register.council_id_seq')")).scalar_one()
        council_id = f"CLSM-{number:04d}"
        if not conn.execute(text("SELECT 1 FROM register.council WHERE id = :id"), {"id": council_id}).first():
            return council_id
        conn.execute(text(
            "SELECT setval('register.council_id_seq', greatest((SELECT last_value FROM register.council_id_seq), "
            "(SELECT max(substring(id FROM '^CLSM-([0-9]{1,8})$')::bigint) FROM register.council)))"))


def replace_children(conn: Connection, council_id: str, territory=None, funding=None, contacts=None) -> None:
    params = lambda rows: [{"id": council_id, **r} for r in rows]  # noqa: E731
    if territory is not None:
        conn.execute(text("DELETE FROM register.territory WHERE council_id = :id"), {"id": council_id})
        conn.execute(text("INSERT INTO register.territory (council_id, commune_code, via_epci) VALUES (:id, :c, :e)"),
                     params({"c": c, "e": e} for c, e in territory))
    if funding is not None:
        conn.execute(text("DELETE FROM register.funding WHERE council_id = :id"), {"id": council_id})
        if funding:
            conn.execute(text("INSERT INTO register.funding (council_id, source, year, amount_eur) "
                              "VALUES (:id, :source, :year, :amount_eur)"), params(funding))
    if contacts is not None:
        conn.execute(text("DELETE FROM register.contact WHERE council_id = :id"), {"id": council_id})
        if contacts:
            conn.execute(text("INSERT INTO register.contact (council_id, name, email, phone, role) "
                              "VALUES (:id, :name, :email, :phone, :role)"), params(contacts))


def insert_council(conn: Connection, fields: dict, status_from: date, status_note: str | None) -> None:
    cols = ["id", "name", "status", *[k for k in EDITABLE if k != "name"], "demo", "updated_on"]
    lists = {f.name: [] for f in council_fields.fields(editable=True) if f.kind == "list"}  # never null
    values = {**{k: None for k in cols}, **lists, **fields, "demo": False,
              "updated_on": date.today()}
    conn.execute(text(f"INSERT INTO register.council ({', '.join(cols)}) VALUES ({', '.join(':' + c for c in cols)})"),
                 {c: values[c] for c in cols})
    add_status(conn, fields["id"], fields["status"], status_from, status_note)


def add_status(conn: Connection, council_id: str, status: str, from_date: date, note: str | None) -> None:
    conn.execute(text("INSERT INTO register.status_history (council_id, status, from_date, note) "
                      "VALUES (:id, :s, :d, :n)"), {"id": council_id, "s": status, "d": from_date, "n": note})


def update_council(conn: Connection, council_id: str, fields: dict) -> None:
    """Set ``fields`` (council columns), bump the revision (the ETag) and the update date."""
    sets = "".join(f"{k} = :{k}, " for k in fields)
    conn.execute(text(f"UPDATE register.council SET {sets}updated_on = :today, revision = revision + 1 "
                      "WHERE id = :id"), {**fields, "id": council_id, "today": date.today()})


def current_status_after(conn: Connection, council_id: str) -> str:
    """The status of the latest history entry (by date): a back-dated change does not override a later one."""
    return conn.execute(text("SELECT status FROM register.status_history WHERE council_id = :id "
                             "ORDER BY from_date DESC, id DESC LIMIT 1"), {"id": council_id}).scalar_one()


def refresh_coverage_after_write(conn: Connection, council_ids: list[str]) -> None:
    """Incremental coverage refresh inside the caller's transaction (the register branch's refresh;
    it takes an advisory lock, so concurrent writes queue here)."""
    from etl.coverage import refresh_coverage

    refresh_coverage(conn.connection.driver_connection, council_ids)


def refresh_funding_after_write(conn: Connection) -> None:
    """The stored funding by area, inside the caller's transaction (funding lines were the only change)."""
    from etl.coverage import refresh_funding

    refresh_funding(conn.connection.driver_connection)
