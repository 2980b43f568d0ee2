"""Councils: list with filters and one council in full. Public fields only: register.contact is
never read here, and the council columns are those the spec marks in_list / public (never personal)."""
from sqlalchemy import Connection, text

from api.queries.sqlfiles import paged, sql
from core import council_fields
from core.errors import NotFound

SORTS = {
    "name": "f.name, f.id", "-name": "f.name DESC, f.id", "id": "f.id",
    "population": "population, f.id", "-population": "population DESC, f.id",
    "created_on": "f.created_on NULLS LAST, f.id", "-created_on": "f.created_on DESC NULLS LAST, f.id",
    "fte": "f.fte NULLS LAST, f.id", "-fte": "f.fte DESC NULLS LAST, f.id",
}


def columns(alias: str, **flags: bool) -> str:
    """The select list of the council fields with these flags (core/council_fields.py): names
    checked by the spec, quoted; numeric columns as JSON numbers."""
    return ", ".join(f'{alias}."{f.name}"' + (f'::float8 AS "{f.name}"' if f.kind == "number" else "")
                     for f in council_fields.fields(**flags))


def list_councils(conn: Connection, filters: dict, sort: str, limit: int, offset: int) -> tuple[list[dict], int]:
    query = text(sql("councils_list").text.replace("{council_columns}", columns("f", in_list=True))
                 .replace("{order}", SORTS[sort]))
    return paged(conn, query, {**filters, "limit": limit, "offset": offset})


def get_council(conn: Connection, council_id: str) -> dict:
    row = conn.execute(text(
        f"SELECT {columns('c', public=True)}, r.nom AS region_nom, "
        "coalesce(cc.population, 0) AS population, coalesce(cc.n_communes, 0) AS n_communes, "
        "coalesce(cc.n_qpv, 0) AS n_qpv, coalesce(cc.qpv_population, 0) AS qpv_population "
        "FROM register.council c LEFT JOIN geo.region r ON r.code = c.region_code "
        "LEFT JOIN coverage.council cc ON cc.council_id = c.id WHERE c.id = :id"),
        {"id": council_id}).mappings().first()
    if row is None:
        raise NotFound(f"unknown council {council_id!r}", parameter="id")
    council = dict(row)
    council["territory"] = _rows(conn, "SELECT g.code, g.nom, g.type, g.population, t.via_epci "
                                 "FROM register.territory t JOIN geo.commune g ON g.code = t.commune_code "
                                 "WHERE t.council_id = :id ORDER BY g.code",
                                 council_id)
    # Detailed budget lines are private (ARS of the region, editors: GET /councils/{id}/private);
    # the public card names the funding sources only.
    council["funding_sources"] = list(conn.execute(text(
        "SELECT DISTINCT source FROM register.funding WHERE council_id = :id ORDER BY source"),
        {"id": council_id}).scalars())
    council["status_history"] = _rows(conn, "SELECT status, from_date, note FROM register.status_history "
                                      "WHERE council_id = :id ORDER BY from_date, id", council_id)
    council["qpv"] = [dict(r) for r in conn.execute(sql("council_qpv"), {"id": council_id}).mappings()]
    return council


def _rows(conn: Connection, query: str, council_id: str) -> list[dict]:
    return [dict(r) for r in conn.execute(text(query), {"id": council_id}).mappings()]

