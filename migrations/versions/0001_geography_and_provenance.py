"""Reference geography (schema geo) and provenance (schema meta).

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _geoms(nullable: bool = True) -> list[sa.Column]:
    return [
        sa.Column("geom", Geometry("MULTIPOLYGON", 4326, spatial_index=False), nullable=nullable),
        sa.Column("geom_display", Geometry("MULTIPOLYGON", 4326, spatial_index=False), nullable=nullable),
    ]


def _gist(table: str) -> None:
    op.create_index(f"{table}_geom_gist", table, ["geom"], schema="geo", postgresql_using="gist")
    op.create_index(f"{table}_geom_display_gist", table, ["geom_display"], schema="geo", postgresql_using="gist")


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    for schema in ("geo", "meta"):
        op.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")

    op.create_table(
        "region",
        sa.Column("code", sa.Text, primary_key=True),
        sa.Column("nom", sa.Text, nullable=False),
        sa.Column("population", sa.BigInteger),
        sa.Column("area_m2", sa.Float),
        *_geoms(),
        schema="geo",
    )
    op.create_table(
        "departement",
        sa.Column("code", sa.Text, primary_key=True),
        sa.Column("nom", sa.Text, nullable=False),
        sa.Column("region_code", sa.Text, sa.ForeignKey("geo.region.code"), nullable=False),
        sa.Column("population", sa.BigInteger),
        sa.Column("area_m2", sa.Float),
        *_geoms(),
        schema="geo",
    )
    op.create_table(
        "epci",
        sa.Column("code", sa.Text, primary_key=True, comment="SIREN"),
        sa.Column("nom", sa.Text, nullable=False),
        sa.Column("type", sa.Text),
        sa.Column("population", sa.BigInteger),
        sa.Column("n_communes", sa.Integer),
        sa.Column("area_m2", sa.Float),
        *_geoms(),
        schema="geo",
    )
    op.create_table(
        "commune",
        sa.Column("code", sa.Text, primary_key=True, comment="INSEE code"),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("nom", sa.Text, nullable=False),
        sa.Column("departement_code", sa.Text, sa.ForeignKey("geo.departement.code"), nullable=False),
        sa.Column("region_code", sa.Text, sa.ForeignKey("geo.region.code"), nullable=False),
        sa.Column("epci_code", sa.Text, sa.ForeignKey("geo.epci.code")),
        sa.Column("parent_code", sa.Text, sa.ForeignKey("geo.commune.code")),
        sa.Column("population", sa.Integer),
        sa.Column("area_m2", sa.Float),
        sa.Column("contour_origin", sa.Text, nullable=False),
        sa.Column("is_base_unit", sa.Boolean, nullable=False),
        *_geoms(),
        sa.CheckConstraint("type IN ('COM','ARM')", name="commune_type"),
        sa.CheckConstraint("contour_origin IN ('source','union_delegated','none')", name="commune_contour_origin"),
        schema="geo",
    )
    op.create_index("commune_departement", "commune", ["departement_code"], schema="geo")
    op.create_index("commune_epci", "commune", ["epci_code"], schema="geo")
    op.create_index("commune_parent", "commune", ["parent_code"], schema="geo")
    op.create_table(
        "commune_former",
        sa.Column("code", sa.Text, primary_key=True),
        sa.Column("type", sa.Text, primary_key=True),
        sa.Column("nom", sa.Text, nullable=False),
        sa.Column("current_code", sa.Text, sa.ForeignKey("geo.commune.code"), nullable=False),
        schema="geo",
    )
    op.create_table(
        "qpv",
        sa.Column("code", sa.Text, primary_key=True),
        sa.Column("nom", sa.Text, nullable=False),
        sa.Column("liste", sa.Text, nullable=False, comment="QPV list vintage, e.g. 2024"),
        sa.Column("departement_code", sa.Text),
        sa.Column("region_code", sa.Text),
        sa.Column("population", sa.Integer),
        sa.Column("taux_pauvrete_60", sa.Float, comment="poverty rate at 60% of median income, %"),
        sa.Column("taux_emploi", sa.Float, comment="employment rate, %"),
        sa.Column("taux_logements_sociaux", sa.Float, comment="social housing rate, %"),
        sa.Column("indice_jeunesse", sa.Float),
        sa.Column("nombre_menages", sa.Float),
        sa.Column("area_m2", sa.Float, nullable=False),
        sa.Column("repaired", sa.Boolean, nullable=False),
        *_geoms(nullable=False),
        schema="geo",
    )
    op.create_index("qpv_liste", "qpv", ["liste"], schema="geo")
    op.create_table(
        "qpv_commune",
        sa.Column("qpv_code", sa.Text, sa.ForeignKey("geo.qpv.code"), primary_key=True),
        sa.Column("commune_code", sa.Text, sa.ForeignKey("geo.commune.code"), primary_key=True),
        sa.Column("overlap_m2", sa.Float, nullable=False),
        sa.Column("listed", sa.Boolean, nullable=False, comment="commune named by the QPV source list"),
        schema="geo",
    )
    op.create_index("qpv_commune_commune", "qpv_commune", ["commune_code"], schema="geo")
    for table in ("region", "departement", "epci", "commune", "qpv"):
        _gist(table)

    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("vintage", sa.Text, nullable=False),
        sa.Column("licence", sa.Text, nullable=False),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("sha256", sa.Text, nullable=False),
        sa.Column("rows_loaded", sa.Integer, nullable=False),
        sa.Column("rows_rejected", sa.Integer, nullable=False, server_default="0"),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("duration_s", sa.Float, nullable=False, server_default="0"),
        sa.Column("details", JSONB, nullable=False, server_default="{}"),
        schema="meta",
    )
    op.create_index("sources_name_loaded", "sources", ["name", "loaded_at"], schema="meta")
    # The sources currently serving: the last load of each name.
    op.execute(
        """CREATE VIEW meta.current_sources AS
           SELECT DISTINCT ON (name) * FROM meta.sources ORDER BY name, loaded_at DESC, id DESC"""
    )
    # Changes whenever any serving source changes (its content hash): caches key on it.
    op.execute(
        """CREATE VIEW meta.data_version AS
           SELECT left(md5(coalesce(string_agg(name || ':' || sha256, ',' ORDER BY name), '')), 12) AS version
           FROM meta.current_sources"""
    )


def downgrade() -> None:
    op.execute("DROP SCHEMA IF EXISTS geo CASCADE")
    op.execute("DROP SCHEMA IF EXISTS meta CASCADE")
