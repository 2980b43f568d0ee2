"""SQLAlchemy + GeoAlchemy2 description of the tables the Alembic migrations create.

The migrations own the schema; no code queries through these classes (queries are named SQL).
They are kept, rather than dropped, so `alembic check` can compare them with a migrated database:
tests/test_models_match_migrations.py fails on any drift, and `alembic revision --autogenerate`
then writes only the change being made. CHECK constraints, views and functions live in the
migrations alone (autogenerate does not compare them). The controlled vocabularies are in
core/vocabularies.py (re-exported here for older imports)."""
from datetime import date, datetime
from decimal import Decimal

from geoalchemy2 import Geometry
from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Identity,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    Text,
    false,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from core.vocabularies import CARRIER_TYPES, COUNCIL_STATUSES, FUNDING_SOURCES, TERRITORY_SCALES  # noqa: F401


class Base(DeclarativeBase):
    pass


def _geom(srid: int = 4326, nullable: bool = True, comment: str | None = None):
    return mapped_column(Geometry("MULTIPOLYGON", srid=srid, spatial_index=False), nullable=nullable, comment=comment)


def _search(table: str, column: str) -> Index:
    """Trigram index on the folded name (migration 0014, GET /search)."""
    return Index(f"{table}_search_trgm", text(f"public.search_words({column}) public.gin_trgm_ops"),
                 postgresql_using="gin")


def _gist(table: str, *columns: str) -> tuple[Index, ...]:
    return tuple(Index(f"{table}_{c}_gist", c, postgresql_using="gist") for c in columns)


def _council_id(**kw) -> Mapped[str]:
    return mapped_column(ForeignKey("register.council.id", ondelete="CASCADE"), **kw)


def _councils() -> Mapped[list[str]]:
    return mapped_column(ARRAY(Text), server_default="{}")


# --- geo: reference geography -------------------------------------------------------------
class Region(Base):
    __tablename__ = "region"
    __table_args__ = (*_gist("region", "geom", "geom_display"), {"schema": "geo"})
    code: Mapped[str] = mapped_column(Text, primary_key=True)
    nom: Mapped[str] = mapped_column(Text)
    population: Mapped[int | None] = mapped_column(BigInteger)
    area_m2: Mapped[float | None] = mapped_column(Float)
    geom = _geom()
    geom_display = _geom()


class Departement(Base):
    __tablename__ = "departement"
    __table_args__ = (*_gist("departement", "geom", "geom_display"), {"schema": "geo"})
    code: Mapped[str] = mapped_column(Text, primary_key=True)
    nom: Mapped[str] = mapped_column(Text)
    region_code: Mapped[str] = mapped_column(ForeignKey("geo.region.code"))
    population: Mapped[int | None] = mapped_column(BigInteger)
    area_m2: Mapped[float | None] = mapped_column(Float)
    geom = _geom()
    geom_display = _geom()


class Epci(Base):
    """Intercommunalité (EPCI à fiscalité propre), keyed by SIREN."""

    __tablename__ = "epci"
    __table_args__ = (*_gist("epci", "geom", "geom_display"), _search("epci", "nom"), {"schema": "geo"})
    code: Mapped[str] = mapped_column(Text, primary_key=True, comment="SIREN")
    nom: Mapped[str] = mapped_column(Text)
    type: Mapped[str | None] = mapped_column(Text)
    population: Mapped[int | None] = mapped_column(BigInteger)
    n_communes: Mapped[int | None] = mapped_column(Integer)
    area_m2: Mapped[float | None] = mapped_column(Float)
    geom = _geom()
    geom_display = _geom()


class Commune(Base):
    """Commune (type COM) or municipal arrondissement of Paris/Lyon/Marseille (type ARM).

    ``is_base_unit``: the finest unit coverage counts on: arrondissements, and communes without
    arrondissements. Paris, Lyon and Marseille (COM) are not base units, so never counted twice.
    """

    __tablename__ = "commune"
    __table_args__ = (
        _search("commune", "nom"),
        Index("commune_departement", "departement_code"),
        Index("commune_epci", "epci_code"),
        Index("commune_parent", "parent_code"),
        Index("commune_areas", "code", postgresql_include=[
            "parent_code", "region_code", "departement_code", "density_class", "population"]),
        *_gist("commune", "geom", "geom_display", "geom_3857"),
        {"schema": "geo"},
    )
    code: Mapped[str] = mapped_column(Text, primary_key=True, comment="INSEE code")
    type: Mapped[str] = mapped_column(Text)
    nom: Mapped[str] = mapped_column(Text)
    departement_code: Mapped[str] = mapped_column(ForeignKey("geo.departement.code"))
    region_code: Mapped[str] = mapped_column(ForeignKey("geo.region.code"))
    epci_code: Mapped[str | None] = mapped_column(ForeignKey("geo.epci.code"))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("geo.commune.code"))
    population: Mapped[int | None] = mapped_column(Integer)
    area_m2: Mapped[float | None] = mapped_column(Float)
    contour_origin: Mapped[str] = mapped_column(Text)
    is_base_unit: Mapped[bool] = mapped_column(Boolean)
    geom = _geom()
    geom_display = _geom()
    density_km2: Mapped[float | None] = mapped_column(Float, comment="inhabitants per km²")
    density_class: Mapped[str | None] = mapped_column(
        Text, comment="dense, intermediaire or rural: INSEE density-grid thresholds applied to the whole commune")
    geom_3857 = _geom(srid=3857)


class FormerCommune(Base):
    """Delegated (COMD), associated (COMA) communes and their current commune."""

    __tablename__ = "commune_former"
    __table_args__ = (_search("commune_former", "nom"), {"schema": "geo"})
    code: Mapped[str] = mapped_column(Text, primary_key=True)
    type: Mapped[str] = mapped_column(Text, primary_key=True)
    nom: Mapped[str] = mapped_column(Text)
    current_code: Mapped[str] = mapped_column(ForeignKey("geo.commune.code"))


class Qpv(Base):
    """Quartier prioritaire de la politique de la ville (priority urban neighbourhood)."""

    __tablename__ = "qpv"
    __table_args__ = (Index("qpv_liste", "liste"), *_gist("qpv", "geom", "geom_display", "geom_3857"),
                      _search("qpv", "nom"),
                      # Codes, names and figures of every QPV without reading the contours (migration 0020).
                      Index("qpv_figures", "code", postgresql_include=[
                          "departement_code", "nom", "population", "taux_pauvrete_60"]),
                      {"schema": "geo"})
    code: Mapped[str] = mapped_column(Text, primary_key=True)
    nom: Mapped[str] = mapped_column(Text)
    liste: Mapped[str] = mapped_column(Text, comment="QPV list vintage, e.g. 2024")
    departement_code: Mapped[str | None] = mapped_column(Text)
    region_code: Mapped[str | None] = mapped_column(Text)
    population: Mapped[int | None] = mapped_column(Integer)
    taux_pauvrete_60: Mapped[float | None] = mapped_column(Float, comment="poverty rate at 60% of median income, %")
    taux_emploi: Mapped[float | None] = mapped_column(Float, comment="employment rate, %")
    taux_logements_sociaux: Mapped[float | None] = mapped_column(Float, comment="social housing rate, %")
    indice_jeunesse: Mapped[float | None] = mapped_column(Float)
    nombre_menages: Mapped[float | None] = mapped_column(Float)
    area_m2: Mapped[float] = mapped_column(Float)
    repaired: Mapped[bool] = mapped_column(Boolean)
    geom = _geom(nullable=False)
    geom_display = _geom(nullable=False)
    geom_3857 = _geom(srid=3857)


class TileShape(Base):
    """Vector-tile shapes per zoom 5-9 (migration 0017), one partial GiST index per layer and zoom."""
    __tablename__ = "tile_shape"
    __table_args__ = (*(Index(f"tile_shape_{layer}_z{z}_gist", "geom", postgresql_using="gist",
                              postgresql_where=text(f"layer = '{layer}' AND zoom = {z}"))
                        for layer in ("communes", "qpv") for z in range(5, 10)), {"schema": "geo"})
    layer: Mapped[str] = mapped_column(Text, primary_key=True)
    zoom: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    code: Mapped[str] = mapped_column(Text, primary_key=True)
    geom: Mapped[str] = mapped_column(Geometry("GEOMETRY", srid=3857, spatial_index=False))


class QpvCommune(Base):
    """Overlap of a QPV with a commune or arrondissement, area on the spheroid (m²)."""

    __tablename__ = "qpv_commune"
    __table_args__ = (Index("qpv_commune_commune", "commune_code"), {"schema": "geo"})
    qpv_code: Mapped[str] = mapped_column(ForeignKey("geo.qpv.code"), primary_key=True)
    commune_code: Mapped[str] = mapped_column(ForeignKey("geo.commune.code"), primary_key=True)
    overlap_m2: Mapped[float] = mapped_column(Float)
    listed: Mapped[bool] = mapped_column(Boolean, comment="commune named by the QPV source list")


# --- meta: provenance and settings --------------------------------------------------------
class Source(Base):
    __tablename__ = "sources"
    __table_args__ = (Index("sources_name_loaded", "name", "loaded_at"), {"schema": "meta"})
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    vintage: Mapped[str] = mapped_column(Text)
    licence: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(Text)
    file_name: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(Text)
    rows_loaded: Mapped[int] = mapped_column(Integer)
    rows_rejected: Mapped[int] = mapped_column(Integer, server_default="0")
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    duration_s: Mapped[float] = mapped_column(Float, server_default="0")
    details: Mapped[dict] = mapped_column(JSONB, server_default="{}")


class Setting(Base):
    """Key/value settings read by SQL, e.g. 'qpv_current_list' behind the view geo.qpv_current."""

    __tablename__ = "setting"
    __table_args__ = {"schema": "meta"}
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)


# --- register: the councils ---------------------------------------------------------------
class Council(Base):
    __tablename__ = "council"
    __table_args__ = (Index("council_region", "region_code"), _search("council", "name"), {"schema": "register"})
    id: Mapped[str] = mapped_column(Text, primary_key=True, comment="stable id, e.g. CLSM-0001")
    name: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)
    created_on: Mapped[date | None] = mapped_column(Date)
    created_on_precision: Mapped[str | None] = mapped_column(Text, comment="day, month or year")
    scale: Mapped[str] = mapped_column(Text, comment="territory scale")
    region_code: Mapped[str | None] = mapped_column(ForeignKey("geo.region.code"), comment="ARS region")
    departement_code: Mapped[str | None] = mapped_column(ForeignKey("geo.departement.code"))
    carrier_type: Mapped[str | None] = mapped_column(Text, comment="carrying structure")
    carrier_name: Mapped[str | None] = mapped_column(Text)
    fte: Mapped[Decimal | None] = mapped_column(Numeric(4, 2), comment="coordination full-time equivalent (ETP)")
    budget_eur: Mapped[Decimal | None] = mapped_column(Numeric(12, 2), comment="yearly coordination budget")
    governance: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default="{}")
    themes: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default="{}")
    demo: Mapped[bool] = mapped_column(Boolean, server_default=false())
    source: Mapped[str | None] = mapped_column(Text)
    updated_on: Mapped[date | None] = mapped_column(Date)
    quality_score: Mapped[Decimal | None] = mapped_column(Numeric(4, 3), comment="share of expected fields filled")
    revision: Mapped[int] = mapped_column(Integer, server_default="1")


class Revision(Base):
    __tablename__ = "revision"
    __table_args__ = {"schema": "register"}
    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    username: Mapped[str] = mapped_column(Text, comment="API user, or the system user of the CLI")
    action: Mapped[str] = mapped_column(Text, comment="import, revert, restore")
    file_name: Mapped[str | None] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(Text, comment="of the imported file")
    counts: Mapped[dict] = mapped_column(JSONB, server_default="{}")
    removed_ids: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default="{}")
    reverts: Mapped[int | None] = mapped_column(ForeignKey("register.revision.id"),
                                                comment="the revision a revert undid")
    reverted_by: Mapped[int | None] = mapped_column(ForeignKey("register.revision.id"))


class RevisionSnapshot(Base):
    __tablename__ = "revision_snapshot"
    __table_args__ = {"schema": "register",
                      "comment": "personal data (contacts): never exposed by public endpoints or exports"}
    revision_id: Mapped[int] = mapped_column(ForeignKey("register.revision.id", ondelete="CASCADE"), primary_key=True)
    table_name: Mapped[str] = mapped_column(Text, primary_key=True)
    rows: Mapped[list] = mapped_column(JSONB, comment="every row of the table before the revision")


class CouncilArchive(Base):
    __tablename__ = "council_archive"
    __table_args__ = {"schema": "register",
                      "comment": "councils removed by an import (soft delete); personal data: never public"}
    council_id: Mapped[str] = mapped_column(Text, primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("register.revision.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    record: Mapped[dict] = mapped_column(JSONB, comment="council row and its children, as they were")
    restored_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ImportProblems(Base):
    __tablename__ = "import_problems"
    __table_args__ = {"schema": "register", "comment": "cell values may be personal data: editors and admins only"}
    id: Mapped[str] = mapped_column(Text, primary_key=True, comment="random, unguessable")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    username: Mapped[str] = mapped_column(Text)
    file_name: Mapped[str | None] = mapped_column(Text)
    problems: Mapped[list] = mapped_column(JSONB, comment="every problem of an upload whose answer lists the first")


class ImportProfile(Base):
    __tablename__ = "import_profile"
    __table_args__ = {"schema": "register", "comment": "how a workbook's own column labels map to the register's, "
                      "named and reused by later imports"}
    name: Mapped[str] = mapped_column(Text, primary_key=True)
    mapping: Mapped[dict] = mapped_column(JSONB, comment="header label (normalised) -> register column")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class StatusChange(Base):
    __tablename__ = "status_history"
    __table_args__ = (Index("status_history_council", "council_id", "from_date"), {"schema": "register"})
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    council_id: Mapped[str] = _council_id()
    status: Mapped[str] = mapped_column(Text)
    from_date: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)


class TerritoryUnit(Base):
    """A commune or arrondissement named in a council's territory (as given, before expansion)."""

    __tablename__ = "territory"
    __table_args__ = (Index("territory_commune", "commune_code"), {"schema": "register"})
    council_id: Mapped[str] = _council_id(primary_key=True)
    commune_code: Mapped[str] = mapped_column(ForeignKey("geo.commune.code"), primary_key=True)
    via_epci: Mapped[str | None] = mapped_column(Text, comment="SIREN when the row came from an EPCI expansion")


class FundingLine(Base):
    __tablename__ = "funding"
    __table_args__ = (Index("funding_council", "council_id"), {"schema": "register"})
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    council_id: Mapped[str] = _council_id()
    source: Mapped[str] = mapped_column(Text)
    year: Mapped[int] = mapped_column(Integer)
    amount_eur: Mapped[Decimal] = mapped_column(Numeric(12, 2))


class Contact(Base):
    __tablename__ = "contact"
    __table_args__ = {"schema": "register", "comment": "personal data: never exposed by public endpoints or exports"}
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    council_id: Mapped[str] = _council_id()
    name: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(Text)


# --- coverage: materialised by etl/coverage.py after every register change ----------------
class CoverageUnit(Base):
    __tablename__ = "unit"
    __table_args__ = (
        Index("unit_commune", "commune_code"),
        Index("unit_active_councils", "active_councils", postgresql_using="gin"),
        Index("unit_planned_councils", "planned_councils", postgresql_using="gin"),
        {"schema": "coverage"},
    )
    unit_code: Mapped[str] = mapped_column(
        ForeignKey("geo.commune.code"), primary_key=True,
        comment="base unit: an arrondissement, or a commune without arrondissements")
    commune_code: Mapped[str] = mapped_column(Text, comment="the commune (COM) the unit belongs to")
    population: Mapped[int | None] = mapped_column(Integer)
    active_councils: Mapped[list[str]] = _councils()
    planned_councils: Mapped[list[str]] = _councils()
    is_covered: Mapped[bool] = mapped_column(Boolean, comment="in the territory of an active council")
    is_planned: Mapped[bool] = mapped_column(Boolean, comment="not covered, in a council en_projet")


class HealthAttachment(Base):
    __tablename__ = "health_attachment"
    __table_args__ = {"schema": "coverage"}
    collectivite_code: Mapped[str] = mapped_column(Text, primary_key=True, comment="INSEE code, e.g. 978")
    nom: Mapped[str] = mapped_column(Text)
    ars_region_code: Mapped[str | None] = mapped_column(
        Text, comment="région of the ARS in charge; NULL = outside any ARS")
    note: Mapped[str] = mapped_column(Text)


class CoverageQpv(Base):
    __tablename__ = "qpv"
    __table_args__ = (Index("qpv_ars_region", "ars_region_code"), {"schema": "coverage"})
    qpv_code: Mapped[str] = mapped_column(ForeignKey("geo.qpv.code"), primary_key=True)
    share_active: Mapped[float] = mapped_column(Float, comment="share of the QPV area in active territories")
    share_with_planned: Mapped[float] = mapped_column(Float, comment="same, counting councils en_projet")
    status: Mapped[str] = mapped_column(Text)
    prevu: Mapped[bool] = mapped_column(Boolean, comment="a council en_projet would bring it to >= 0.5")
    active_councils: Mapped[list[str]] = _councils()
    planned_councils: Mapped[list[str]] = _councils()
    distance_km: Mapped[float | None] = mapped_column(
        Float, comment="to the nearest active council territory (0 if inside)")
    priority_population: Mapped[float | None] = mapped_column(Float, comment="0-1, QPV population normalised")
    priority_poverty: Mapped[float | None] = mapped_column(Float, comment="0-1, poverty rate normalised")
    priority_distance: Mapped[float | None] = mapped_column(Float, comment="0-1, distance normalised")
    priority_score: Mapped[float | None] = mapped_column(
        Float, comment="mean of the three components (equal weights)")
    ars_region_code: Mapped[str | None] = mapped_column(
        Text, comment="région of the ARS in charge of the QPV; NULL = outside any ARS")
    health_territory: Mapped[str | None] = mapped_column(
        Text, comment="where its distance is measured: the région, or the overseas collectivité")
    distance_rule: Mapped[str | None] = mapped_column(Text, comment="measured, no_active_council (component "
                                                      "= 1, the maximum) or outside_ars (not ranked)")
    missing: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default="{}",
                                               comment="figures INSEE does not publish: population, poverty")


class CoverageCouncil(Base):
    __tablename__ = "council"
    __table_args__ = (*_gist("council", "geom"), {"schema": "coverage"})
    council_id: Mapped[str] = _council_id(primary_key=True)
    n_units: Mapped[int] = mapped_column(Integer)
    n_communes: Mapped[int] = mapped_column(Integer)
    population: Mapped[int] = mapped_column(BigInteger)
    n_qpv: Mapped[int] = mapped_column(Integer, comment="QPV with >= 0.5 of their area in the territory")
    qpv_population: Mapped[int] = mapped_column(BigInteger)
    geom = _geom(comment="territory union")
    geom_display = _geom()
    region_codes: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default="{}",
                                                    comment="régions it counted in at the last refresh")
    day_statuses: Mapped[dict | None] = mapped_column(JSONB, comment="status on each stored day, last refresh")
    figures_key: Mapped[str | None] = mapped_column(
        Text, comment="digest of région, département, FTE, units at the last refresh")


class CoverageCouncilUnit(Base):
    """coverage.council_units() stored by the refresh (migration 0019): coverage_at joins these rows."""
    __tablename__ = "council_unit"
    __table_args__ = (Index("council_unit_unit", "unit_code"), {"schema": "coverage"})
    council_id: Mapped[str] = _council_id(primary_key=True)
    unit_code: Mapped[str] = mapped_column(ForeignKey("geo.commune.code"), primary_key=True,
                                           comment="base unit of its territory (coverage.council_units())")


AREA_COUNTS = ["councils_actif", "councils_en_projet", "councils_en_sommeil", "councils_arrete", "communes",
               "communes_covered", "population", "population_covered", "population_planned", "qpv_total",
               "qpv_couvert", "qpv_couvert_population", "qpv_partiel", "qpv_partiel_population", "qpv_non_couvert",
               "qpv_non_couvert_population", "qpv_prevu", "qpv_prevu_population", "qpv_outside_ars",
               "qpv_outside_ars_population"]


class AreaFigures(Base):
    """coverage.figures_at() materialised by the refresh (migration 0018): today and each 1 January."""
    __tablename__ = "area_figures"
    __table_args__ = {"schema": "coverage"}
    day: Mapped[date] = mapped_column(Date, primary_key=True,
                                      comment="'infinity': today (the register as it stands)")
    level: Mapped[str] = mapped_column(Text, primary_key=True,
                                       comment="region, departement or apart (in no région)")
    code: Mapped[str] = mapped_column(Text, primary_key=True, comment="INSEE code; '' for the apart row")
    region_code: Mapped[str] = mapped_column(Text, comment="the région recomputed with the row")
    locals().update({c: mapped_column(BigInteger, nullable=False) for c in AREA_COUNTS})
    fte: Mapped[Decimal] = mapped_column(Numeric, nullable=False, comment="coordination FTE of the councils actif")


class AreaFunding(Base):
    """coverage.funding_by_area() stored by the refresh (migration 0021): today's funding by area."""
    __tablename__ = "area_funding"
    __table_args__ = {"schema": "coverage"}
    level: Mapped[str] = mapped_column(Text, primary_key=True,
                                       comment="region, departement or apart (in no région)")
    code: Mapped[str] = mapped_column(Text, primary_key=True, comment="INSEE code; '' for the apart row")
    source: Mapped[str] = mapped_column(Text, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, nullable=False, comment="the register's latest funding year")
    amount_eur: Mapped[Decimal] = mapped_column(Numeric, nullable=False)
    councils: Mapped[int] = mapped_column(BigInteger, nullable=False,
                                          comment="councils actif with a line of this source")


class CoverageRefresh(Base):
    __tablename__ = "refresh"
    __table_args__ = {"schema": "coverage"}
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    refreshed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    duration_ms: Mapped[float] = mapped_column(Float)
    scope: Mapped[str] = mapped_column(Text, comment="'all' or the council ids refreshed")


# --- auth and audit -----------------------------------------------------------------------
class User(Base):
    __tablename__ = "user"
    __table_args__ = {"schema": "auth"}
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(Text, unique=True)
    password_hash: Mapped[str] = mapped_column(Text, comment="argon2id")
    role: Mapped[str] = mapped_column(Text)
    region_code: Mapped[str | None] = mapped_column(ForeignKey("geo.region.code"), comment="ARS region (role ars only)")
    disabled: Mapped[bool] = mapped_column(Boolean, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    token_generation: Mapped[int] = mapped_column(
        Integer, server_default="1", comment="bumped on disable or password change: older tokens stop working")


class ApiToken(Base):
    __tablename__ = "api_token"
    __table_args__ = {"schema": "auth"}
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("auth.user.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(Text, comment="what the script is")
    token_sha256: Mapped[str] = mapped_column(
        Text, unique=True, comment="SHA-256 of a 256-bit random token: shown once, never stored")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked: Mapped[bool] = mapped_column(Boolean, server_default=false())


class LoginFailure(Base):
    __tablename__ = "login_failure"
    __table_args__ = {"schema": "auth"}
    key: Mapped[str] = mapped_column(Text, primary_key=True, comment="'user:<name>' or 'ip:<address>'")
    failures: Mapped[int] = mapped_column(Integer)
    last_failure: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AuditEvent(Base):
    __tablename__ = "event"
    __table_args__ = (
        Index("event_register_change", "id", postgresql_where=text("register_change")),
        Index("event_entity", "entity", "entity_id"),
        {"schema": "audit"},
    )
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    username: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(Text, comment="e.g. council.create, council.status, user.disable")
    entity: Mapped[str] = mapped_column(Text, comment="council, register, user")
    entity_id: Mapped[str | None] = mapped_column(Text)
    before: Mapped[dict | None] = mapped_column(JSONB)
    after: Mapped[dict | None] = mapped_column(JSONB)
    register_change: Mapped[bool] = mapped_column(Boolean, comment="changes served data")


class RateWindow(Base):
    __tablename__ = "rate_window"
    __table_args__ = {"schema": "auth", "comment": "requests of one visitor (key: scope:address) in the current "
                      "one-minute window"}
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    window_start: Mapped[int] = mapped_column(BigInteger)
    hits: Mapped[int] = mapped_column(Integer)
