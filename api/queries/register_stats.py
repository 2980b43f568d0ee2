"""Funding, coordination FTE and creation figures of the register."""
from sqlalchemy import Connection, text

from api.queries.sqlfiles import sql

FUNDING_KEYS = {"source": "source", "region": "region_code", "scale": "scale"}
FTE_BINS = [(0, 0.25), (0.25, 0.5), (0.5, 0.75), (0.75, 1.0), (1.0, 1.0001), (1.0001, 99)]


AREA = ("(CAST(:region AS text) IS NULL OR c.region_code = :region) "
        "AND (CAST(:departement AS text) IS NULL OR c.departement_code = :departement)")


def funding(conn: Connection, by: str, region: str | None, departement: str | None = None) -> dict:
    query = text(sql("funding_summary").text.replace("{key}", FUNDING_KEYS[by]))
    area = {"region": region, "departement": departement}
    items = [dict(r) for r in conn.execute(query, area).mappings()]
    co = conn.execute(text(
        "SELECT round(avg((n >= 2)::int), 4)::float8 FROM (SELECT f.council_id, count(DISTINCT f.source) n "
        "FROM register.funding f JOIN register.council c ON c.id = f.council_id WHERE c.status = 'actif' "
        "AND f.year = (SELECT max(year) FROM register.funding) "
        f"AND {AREA} GROUP BY 1) x"), area).scalar()
    names = _names(conn, by)
    for item in items:
        item["label"] = names.get(item["key"], item["key"])
    return {"by": by, "items": items, "co_funded_share": co, "total_eur": sum(i["amount_eur"] for i in items)}


def _names(conn: Connection, by: str) -> dict:
    if by == "region":
        return dict(conn.execute(text("SELECT code, nom FROM geo.region")).all())
    return {}


def fte(conn: Connection, region: str | None, departement: str | None = None) -> dict:
    params = {"region": region, "departement": departement}
    active = f"c.status = 'actif' AND {AREA}"
    total, exactly_one = conn.execute(text(
        f"SELECT coalesce(sum(fte), 0)::float8, round(avg((fte = 1)::int), 4)::float8 FROM register.council c "
        f"WHERE {active} AND fte IS NOT NULL"), params).one()
    bins = []
    for low, high in FTE_BINS:
        count = conn.execute(text(f"SELECT count(*) FROM register.council c WHERE {active} "
                                  "AND fte >= :low AND fte < :high"), {**params, "low": low, "high": high}).scalar()
        label = "1" if (low, high) == (1.0, 1.0001) else ("> 1" if low > 1 else f"{low}–{high}")
        bins.append({"label": label, "from": low, "to": min(high, 99), "councils": count})
    by_region = [dict(r) for r in conn.execute(text(
        "SELECT r.code, r.nom, coalesce(sum(c.fte) FILTER (WHERE c.status = 'actif'), 0)::float8 AS fte_total, "
        "round(coalesce(sum(c.fte) FILTER (WHERE c.status = 'actif'), 0) * 100000 / nullif(r.population, 0), 3)"
        "::float8 AS fte_per_100k FROM geo.region r LEFT JOIN register.council c ON c.region_code = r.code "
        "GROUP BY r.code, r.nom, r.population ORDER BY r.code")).mappings()]
    return {"total": total, "exactly_one_share": exactly_one, "bins": bins, "by_region": by_region}


def created_per_year(conn: Connection, region: str | None, departement: str | None = None) -> list[dict]:
    return [dict(r) for r in conn.execute(text(
        "SELECT extract(year FROM created_on)::int AS year, count(*) AS created FROM register.council c "
        f"WHERE created_on IS NOT NULL AND {AREA} "
        "GROUP BY 1 ORDER BY 1"), {"region": region, "departement": departement}).mappings()]
