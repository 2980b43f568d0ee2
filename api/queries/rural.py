"""Rural coverage: coverage by density class, rural reach of multi-commune councils, uncovered EPCI."""
from sqlalchemy import Connection

from api.queries.history import area_filter
from api.queries.sqlfiles import paged, sql


def density(conn: Connection, level: str, code: str | None) -> dict:
    nom, params = area_filter(conn, level, code)
    classes = [dict(r) for r in conn.execute(sql("density_coverage"), params).mappings()]
    by = {c["density_class"]: c for c in classes}
    rural = by.get("rural", {})
    urban_pop = sum(c["population"] for k, c in by.items() if k != "rural")
    urban_cov = sum(c["population_covered"] for k, c in by.items() if k != "rural")
    rural_share = rural.get("share_covered")
    urban_share = round(urban_cov / urban_pop, 4) if urban_pop else None
    return {"level": level, "code": code if level != "national" else None, "nom": nom, "classes": classes,
            "rural_share_covered": rural_share, "urban_share_covered": urban_share,
            "rural_gap": round(rural_share - urban_share, 4) if None not in (rural_share, urban_share) else None}


def density_regions(conn: Connection) -> list[dict]:
    return [dict(r) for r in conn.execute(sql("density_regions")).mappings()]


def rural_reach(conn: Connection, status: str | None, scale: str | None, region: str | None,
                limit: int, offset: int) -> tuple[list[dict], int]:
    return paged(conn, sql("councils_rural_reach"), {"status": status, "scale": scale, "region": region,
                                                     "limit": limit, "offset": offset})


def rural_reach_totals(conn: Connection, status: str) -> dict:
    return dict(conn.execute(sql("councils_rural_totals"), {"status": status}).mappings().one())


def uncovered_epci(conn: Connection, region: str | None, departement: str | None, min_rural_share: float | None,
                   limit: int, offset: int) -> tuple[list[dict], int]:
    return paged(conn, sql("epci_uncovered_rural"), {"region": region, "departement": departement,
                                                     "min_rural_share": min_rural_share,
                                                     "limit": limit, "offset": offset})
