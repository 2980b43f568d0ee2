"""ARS scenario: what a council on a candidate territory would add. Reads only."""
import json
import re

from sqlalchemy import Connection, text

from api.queries.sqlfiles import sql
from core.errors import InvalidParameter, NotFound

WITH_CODE = re.compile(r"\(([0-9][0-9AB][0-9]{3}|[0-9]{9})\)\s*$")  # "Belfort (90010)", as the autocomplete shows


def places(conn: Connection, q: str, limit: int = 20) -> list[dict]:
    return [dict(r) for r in conn.execute(sql("scenario_places"), {"q": q.strip(), "limit": limit}).mappings()]


def _by_name(conn: Connection, name: str) -> list[tuple[str, str, str]]:
    """(kind, code, label) of the communes and EPCI named exactly so (accents and case folded)."""
    return conn.execute(text(
        "SELECT 'commune', code, nom || ' (' || code || ')' FROM geo.commune WHERE type = 'COM' "
        "AND fold_text(nom) = fold_text(:n) UNION ALL "
        "SELECT 'epci', code, nom || ' (' || code || ')' FROM geo.epci WHERE fold_text(nom) = fold_text(:n) "
        "ORDER BY 2"), {"n": name.strip()}).all()


def resolve(conn: Connection, communes: list[str], names: list[str], qpv: list[str]) -> list[str]:
    """Commune codes of the candidate: codes as given, names (communes or EPCI, each EPCI for its
    communes) and the communes the given QPV lie in."""
    codes = [c.zfill(5) for c in communes]
    epcis: list[str] = []
    for name in names:
        found = WITH_CODE.search(name)
        if found:
            (epcis if len(found.group(1)) == 9 else codes).append(found.group(1))
            continue
        matches = _by_name(conn, name)
        if not matches:
            raise NotFound(f"no commune or EPCI is named {name!r}", parameter="names")
        if len(matches) > 1:
            raise InvalidParameter(f"{name!r} names several places: {', '.join(m[2] for m in matches)}; "
                                   "give the one you mean with its code", parameter="names")
        (epcis if matches[0][0] == "epci" else codes).append(matches[0][1])
    if epcis:
        codes += conn.execute(text("SELECT code FROM geo.commune WHERE epci_code = ANY (:e) AND type = 'COM'"),
                              {"e": epcis}).scalars().all()
    if qpv:
        known = conn.execute(text("SELECT code FROM geo.qpv_current WHERE code = ANY (:q)"), {"q": qpv}).scalars().all()
        unknown = sorted(set(qpv) - set(known))
        if unknown:
            raise NotFound(f"unknown QPV code(s): {', '.join(unknown)}", parameter="qpv")
        codes += conn.execute(text("SELECT DISTINCT commune_code FROM geo.qpv_commune WHERE qpv_code = ANY (:q)"),
                              {"q": qpv}).scalars().all()
    return sorted(set(codes))


def coverage_gain(conn: Connection, communes: list[str], epci: str | None) -> dict:
    codes = list(communes)
    if epci:
        members = conn.execute(text("SELECT code FROM geo.commune WHERE epci_code = :e AND type = 'COM'"),
                               {"e": epci}).scalars().all()
        if not members:
            raise NotFound(f"unknown EPCI SIREN {epci!r}", parameter="epci")
        codes += members
    if not codes:
        raise InvalidParameter("give communes (codes or names), an EPCI or QPV", parameter="communes")
    known = set(conn.execute(text("SELECT code FROM geo.commune WHERE code = ANY (:c)"), {"c": codes}).scalars())
    unknown = sorted(set(codes) - known)
    if unknown:
        raise NotFound(f"unknown commune code(s): {', '.join(unknown)}", parameter="communes")
    answer = json.loads(conn.execute(sql("scenario_gain"), {"units": sorted(set(codes))}).scalar_one())
    return {"epci": epci, **answer}
