"""A small in-process stand-in for the API: contract-shaped answers (docs/api.md) for what the real
fixture cannot show (a demonstration register, every route failing). Everything else is tested
against the real API."""
from fastapi import FastAPI
from fastapi.responses import JSONResponse

ENVELOPE = {"data_version": "double-1", "demo_data": True}
REGIONS = [{"code": "11", "nom": "Île-de-France"}, {"code": "27", "nom": "Bourgogne-Franche-Comté"}]


def _summary(level: str, code: str | None) -> dict:
    scale = 1 if code else 10  # a région is a tenth of the nation, enough to tell them apart
    nom = next((r["nom"] for r in REGIONS if r["code"] == code), "France")
    count = lambda n: {"count": n // scale, "population": 1000 * n // scale}  # noqa: E731
    return {**ENVELOPE, "level": level, "code": code, "nom": nom,
            "councils": {"actif": 250 // scale, "en_projet": 40 // scale, "en_sommeil": 9, "arrete": 1},
            "communes": {"total": 34900, "covered": 5000 // scale, "share": 0.14},
            "population": {"total": 68_000_000 // scale, "covered": 30_000_000 // scale, "share": 0.44, "planned": 1},
            "qpv": {"total": 1584 // scale, "couvert": count(800), "partiel": count(20), "non_couvert": count(760),
                    "prevu": count(130)},
            "fte": {"total": 220.5 / scale, "per_100k": 0.32}, "funding": []}


def create_double(fail: bool = False) -> FastAPI:
    """fail=True: every route answers a 503 problem document, as the API does when its database is down."""
    app = FastAPI()
    prefix = "/api/v1"

    if fail:
        @app.api_route(prefix + "/{path:path}", methods=["GET", "POST"])
        def down(path: str):
            return JSONResponse({"type": "about:blank", "title": "Database unavailable", "status": 503,
                                 "detail": "the database cannot be reached; retry shortly", "instance": "/" + path},
                                status_code=503, media_type="application/problem+json")
        return app

    @app.get(prefix + "/health")
    def health():
        return {**ENVELOPE, "status": "ok", "sources": []}

    @app.get(prefix + "/coverage/summary")
    def summary(level: str = "national", code: str | None = None):
        return _summary(level, code)

    @app.get(prefix + "/coverage/regions")
    def regions():
        return {**ENVELOPE, "items": REGIONS, "total": 2, "limit": 50, "offset": 0, "next": None}

    @app.get(prefix + "/funding/summary")
    def funding(by: str = "source", region: str | None = None):
        return {**ENVELOPE, "items": [{"key": "ars", "label": "ARS", "amount_eur": 1e6, "councils": 100, "share": 1}],
                "co_funded_share": 0.8, "total_eur": 1e6}

    @app.get(prefix + "/fte/summary")
    def fte(region: str | None = None):
        return {**ENVELOPE, "total": 220.5, "exactly_one_share": 0.6,
                "bins": [{"label": "1", "from": 1, "to": 1, "councils": 150}], "by_region": []}

    @app.get(prefix + "/stats/created-per-year")
    def created(region: str | None = None):
        return {**ENVELOPE, "items": [{"year": 2020, "created": 12}]}

    return app
