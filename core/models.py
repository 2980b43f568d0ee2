"""SQLAlchemy + GeoAlchemy2 mapping of the schema. Alembic migrations own the schema itself;
these classes describe it for the ORM (register editing) and for readers of the code."""
from datetime import date, datetime

from geoalchemy2 import Geometry
from sqlalchemy import ARRAY, BigInteger, Boolean, Date, DateTime, Float, ForeignKey, Integer, Numeric, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

MULTIPOLYGON = Geometry("MULTIPOLYGON", srid=4326, spatial_index=False)

COUNCIL_STATUSES = ("actif", "en_projet", "en_sommeil", "arrete")
TERRITORY_SCALES = ("communal", "intercommunal", "infra_communal", "secteur_psychiatrique", "mixte")
CARRIER_TYPES = ("commune", "epci", "ccas", "hopital", "association", "autre")
FUNDING_SOURCES = (
    "commune_epci", "ars", "etablissement_sante", "politique_de_la_ville", "caf",
    "departement", "region", "fonds_europeens", "appel_a_projets", "autre",
)


class Base(DeclarativeBase):
    pass


# --- geo: reference geography -------------------------------------------------------------
class Region(Base):
    __tablename__ = "region"
    __table_args__ = {"schema": "geo"}
    code: Mapped[str] = mapped_column(Text, primary_key=True)
    nom: Mapped[str] = mapped_column(Text)
    population: Mapped[int | None] = mapped_column(BigInteger)
    area_m2: Mapped[float | None] = mapped_column(Float)
    geom = mapped_column(MULTIPOLYGON, nullable=True)
    geom_display = mapped_column(MULTIPOLYGON, nullable=True)


class Departement(Base):
    __tablename__ = "departement"
    __table_args__ = {"schema": "geo"}
    code: Mapped[str] = mapped_column(Text, primary_key=True)
    nom: Mapped[str] = mapped_column(Text)
    region_code: Mapped[str] = mapped_column(ForeignKey("geo.region.code"))
    population: Mapped[int | None] = mapped_column(BigInteger)
    area_m2: Mapped[float | None] = mapped_column(Float)
    geom = mapped_column(MULTIPOLYGON, nullable=True)
    geom_display = mapped_column(MULTIPOLYGON, nullable=True)


class Epci(Base):
    """Intercommunalité (EPCI à fiscalité propre), keyed by SIREN."""

    __tablename__ = "epci"
    __table_args__ = {"schema": "geo"}
    code: Mapped[str] = mapped_column(Text, primary_key=True)
    nom: Mapped[str] = mapped_column(Text)
    type: Mapped[str | None] = mapped_column(Text)
    population: Mapped[int | None] = mapped_column(BigInteger)
    n_communes: Mapped[int | None] = mapped_column(Integer)
    area_m2: Mapped[float | None] = mapped_column(Float)
    geom = mapped_column(MULTIPOLYGON, nullable=True)
    geom_display = mapped_column(MULTIPOLYGON, nullable=True)


class Commune(Base):
    """Commune (type COM) or municipal arrondissement of Paris/Lyon/Marseille (type ARM).

    ``is_base_unit``: the finest unit coverage counts on: arrondissements, and communes without
    arrondissements. Paris, Lyon and Marseille (COM) are not base units, so never counted twice.
    """

    __tablename__ = "commune"
    __table_args__ = {"schema": "geo"}
    code: Mapped[str] = mapped_column(Text, primary_key=True)
    type: Mapped[str] = mapped_column(Text)
    nom: Mapped[str] = mapped_column(Text)
    departement_code: Mapped[str] = mapped_column(Text)
    region_code: Mapped[str] = mapped_column(Text)
    epci_code: Mapped[str | None] = mapped_column(Text)
    parent_code: Mapped[str | None] = mapped_column(Text)
    population: Mapped[int | None] = mapped_column(Integer)
    area_m2: Mapped[float | None] = mapped_column(Float)
    contour_origin: Mapped[str] = mapped_column(Text)
    is_base_unit: Mapped[bool] = mapped_column(Boolean)
    density_km2: Mapped[float | None] = mapped_column(Float)
    density_class: Mapped[str | None] = mapped_column(Text)
    geom = mapped_column(MULTIPOLYGON, nullable=True)
    geom_display = mapped_column(MULTIPOLYGON, nullable=True)
    geom_3857 = mapped_column(Geometry("MULTIPOLYGON", srid=3857, spatial_index=False), nullable=True)


class FormerCommune(Base):
    """Delegated (COMD), associated (COMA) communes and their current commune."""

    __tablename__ = "commune_former"
    __table_args__ = {"schema": "geo"}
    code: Mapped[str] = mapped_column(Text, primary_key=True)
    type: Mapped[str] = mapped_column(Text, primary_key=True)
    nom: Mapped[str] = mapped_column(Text)
    current_code: Mapped[str] = mapped_column(Text)


class Qpv(Base):
    """Quartier prioritaire de la politique de la ville (priority urban neighbourhood)."""

    __tablename__ = "qpv"
    __table_args__ = {"schema": "geo"}
    code: Mapped[str] = mapped_column(Text, primary_key=True)
    nom: Mapped[str] = mapped_column(Text)
    liste: Mapped[str] = mapped_column(Text)
    departement_code: Mapped[str | None] = mapped_column(Text)
    region_code: Mapped[str | None] = mapped_column(Text)
    population: Mapped[int | None] = mapped_column(Integer)
    taux_pauvrete_60: Mapped[float | None] = mapped_column(Float)
    taux_emploi: Mapped[float | None] = mapped_column(Float)
    taux_logements_sociaux: Mapped[float | None] = mapped_column(Float)
    indice_jeunesse: Mapped[float | None] = mapped_column(Float)
    nombre_menages: Mapped[float | None] = mapped_column(Float)
    area_m2: Mapped[float] = mapped_column(Float)
    repaired: Mapped[bool] = mapped_column(Boolean)
    geom = mapped_column(MULTIPOLYGON)
    geom_display = mapped_column(MULTIPOLYGON)
    geom_3857 = mapped_column(Geometry("MULTIPOLYGON", srid=3857, spatial_index=False))


class QpvCommune(Base):
    """Overlap of a QPV with a commune or arrondissement, area on the spheroid (m²)."""

    __tablename__ = "qpv_commune"
    __table_args__ = {"schema": "geo"}
    qpv_code: Mapped[str] = mapped_column(ForeignKey("geo.qpv.code"), primary_key=True)
    commune_code: Mapped[str] = mapped_column(ForeignKey("geo.commune.code"), primary_key=True)
    overlap_m2: Mapped[float] = mapped_column(Float)
    listed: Mapped[bool] = mapped_column(Boolean)


# --- meta: provenance ---------------------------------------------------------------------
class Source(Base):
    __tablename__ = "sources"
    __table_args__ = {"schema": "meta"}
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    vintage: Mapped[str] = mapped_column(Text)
    licence: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(Text)
    file_name: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(Text)
    rows_loaded: Mapped[int] = mapped_column(Integer)
    rows_rejected: Mapped[int] = mapped_column(Integer)
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    duration_s: Mapped[float] = mapped_column(Float)
    details: Mapped[dict] = mapped_column(JSONB)


# --- register: the councils ---------------------------------------------------------------
class Council(Base):
    __tablename__ = "council"
    __table_args__ = {"schema": "register"}
    id: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)
    created_on: Mapped[date | None] = mapped_column(Date)
    scale: Mapped[str] = mapped_column(Text)
    region_code: Mapped[str | None] = mapped_column(Text)
    departement_code: Mapped[str | None] = mapped_column(Text)
    carrier_type: Mapped[str | None] = mapped_column(Text)
    carrier_name: Mapped[str | None] = mapped_column(Text)
    fte: Mapped[float | None] = mapped_column(Numeric(4, 2))
    budget_eur: Mapped[float | None] = mapped_column(Numeric(12, 2))
    governance: Mapped[list[str]] = mapped_column(ARRAY(Text))
    themes: Mapped[list[str]] = mapped_column(ARRAY(Text))
    demo: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str | None] = mapped_column(Text)
    updated_on: Mapped[date | None] = mapped_column(Date)
    quality_score: Mapped[float | None] = mapped_column(Numeric(4, 3))
    revision: Mapped[int] = mapped_column(Integer)


class StatusChange(Base):
    __tablename__ = "status_history"
    __table_args__ = {"schema": "register"}
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    council_id: Mapped[str] = mapped_column(ForeignKey("register.council.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(Text)
    from_date: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)


class TerritoryUnit(Base):
    """A commune or arrondissement named in a council's territory (as given, before expansion)."""

    __tablename__ = "territory"
    __table_args__ = {"schema": "register"}
    council_id: Mapped[str] = mapped_column(ForeignKey("register.council.id", ondelete="CASCADE"), primary_key=True)
    commune_code: Mapped[str] = mapped_column(Text, primary_key=True)
    via_epci: Mapped[str | None] = mapped_column(Text)


class FundingLine(Base):
    __tablename__ = "funding"
    __table_args__ = {"schema": "register"}
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    council_id: Mapped[str] = mapped_column(ForeignKey("register.council.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(Text)
    year: Mapped[int] = mapped_column(Integer)
    amount_eur: Mapped[float] = mapped_column(Numeric(12, 2))


class Contact(Base):
    """Private: never served by public endpoints or exports."""

    __tablename__ = "contact"
    __table_args__ = {"schema": "register"}
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    council_id: Mapped[str] = mapped_column(ForeignKey("register.council.id", ondelete="CASCADE"))
    name: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(Text)
