"""Alembic environment: the database URL comes from the project settings (or -x url=...).

Autogenerate compares core/models.py with the project's schemas only: PostGIS's own objects
(public.spatial_ref_sys, the tiger and topology schemas of postgis_tiger_geocoder/topology)
are not the project's and must never appear in a migration."""
from alembic import context
from geoalchemy2 import alembic_helpers
from sqlalchemy import create_engine, pool

from core.models import Base
from core.settings import get_settings

PROJECT_SCHEMAS = frozenset({"geo", "meta", "register", "coverage", "auth", "audit"})


def _url() -> str:
    return context.get_x_argument(as_dictionary=True).get("url") or get_settings().database_url


def include_name(name, type_, parent_names) -> bool:
    if type_ == "schema":
        return name in PROJECT_SCHEMAS
    return True


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    schema = getattr(getattr(obj, "table", obj), "schema", None)
    if type_ in ("table", "column", "index") and schema not in PROJECT_SCHEMAS:
        return False
    return alembic_helpers.include_object(obj, name, type_, reflected, compare_to)


def run_migrations_online() -> None:
    connectable = context.config.attributes.get("connection")
    if connectable is None:
        connectable = create_engine(_url(), poolclass=pool.NullPool)
    with connectable.connect() if hasattr(connectable, "connect") else connectable as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            include_schemas=True,
            include_name=include_name,
            include_object=include_object,
            process_revision_directives=alembic_helpers.writer,
            render_item=alembic_helpers.render_item,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
