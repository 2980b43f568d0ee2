"""App factory: `create_app(settings)`. Serve with `uvicorn --factory api.app:create_app`."""
from fastapi import FastAPI

from api import docs, hardening, problems, versioning
from api.routers import audit as audit_router
from api.routers import (
    auth,
    councils,
    coverage,
    exports,
    health,
    history,
    layers,
    lookup,
    qpv,
    register_edit,
    register_stats,
    register_upload,
    rural,
    scenarios,
    search,
    users,
)
from core.security import signing_key
from core.settings import Settings, get_settings

API_PREFIX = "/api/v1"
DESCRIPTION = """National map and analytics of France's **conseils locaux de santé mentale** (CLSM,
local mental-health councils): which communes, inhabitants and **QPV** (quartiers prioritaires de la
politique de la ville, priority urban neighbourhoods) are covered, by whom, and where to act next.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(title="CLSM coverage API", version="1", description=DESCRIPTION,
                  openapi_url=f"{API_PREFIX}/openapi.json", docs_url=None, redoc_url=None)
    app.state.settings = settings
    signing_key(settings)  # fail fast: a bad or unreadable key stops the start, not the first login
    docs.install(app)  # Swagger UI and ReDoc with local assets
    problems.install(app)
    versioning.install(app)
    app.include_router(health.router)
    for module in (rural, health, coverage, councils, qpv, lookup, register_stats, scenarios, layers, exports,
                   history, search):
        app.include_router(module.router, prefix=API_PREFIX)
    for module in (auth, users, register_edit, register_upload, audit_router):
        app.include_router(module.router, prefix=API_PREFIX)
    hardening.install(app, settings)
    return app
