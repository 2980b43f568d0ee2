"""Coverage figures by area as of any day, one SQL definition, and their materialisation.

- coverage.council_status_at(days): each council's status on each day, from its status history;
  the day 'infinity' means the register as it stands (today's statuses, what coverage.unit counts);
- coverage.coverage_at(days, regions): the base units held by a council actif or en_projet, and every
  QPV's shares and status (rules of migration 0016), on each day;
- coverage.figures_at(days, regions): one row per région, département and 'apart' (what lies in no
  région: QPV outside any ARS) and day: councils, communes, inhabitants, QPV. The nation is the sum
  of the région and apart rows.

`regions` (NULL = all; '' = the apart row) limits the work to some régions: the incremental refresh
recomputes only the régions a council change touches.

coverage.area_figures holds figures_at for 'infinity' (today, ≤ 120 rows) and for 1 January of
each year (régions and apart only), filled by the coverage refresh: today's summary and tables,
and the yearly series, are sums over these rows.

coverage.council.region_codes: the régions a council counted in at the last refresh (its own and
its territory's), so an incremental refresh knows the régions it leaves.

Revision ID: 0018
Revises: 0017
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

COUNTS = ["councils_actif", "councils_en_projet", "councils_en_sommeil", "councils_arrete", "communes",
          "communes_covered", "population", "population_covered", "population_planned", "qpv_total",
          "qpv_couvert", "qpv_couvert_population", "qpv_partiel", "qpv_partiel_population", "qpv_non_couvert",
          "qpv_non_couvert_population", "qpv_prevu", "qpv_prevu_population", "qpv_outside_ars",
          "qpv_outside_ars_population"]
# The area of a row of GROUPING SETS ((region_code), (departement_code)): the apart row is ('region', '').
KEY = ("CASE WHEN GROUPING(departement_code) = 1 THEN 'region' ELSE 'departement' END AS kind,\n"
       "               CASE WHEN GROUPING(departement_code) = 1 THEN coalesce(region_code, '') "
       "ELSE departement_code END AS code,")
FIGURES = "\n".join(f"    {c} bigint," for c in COUNTS) + "\n    fte numeric"

FUNCTIONS = [
    """CREATE FUNCTION coverage.asked(region_code text, regions text[]) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT regions IS NULL OR coalesce(region_code, '') = ANY(regions) $$""",
    """CREATE FUNCTION coverage.council_status_at(days date[])
    RETURNS TABLE (day date, council_id text, status text) LANGUAGE sql STABLE AS $$
    WITH asked AS (SELECT DISTINCT unnest(days) AS day),
    steps AS (  -- each status step with the day the next one starts (same-day steps: the later id wins)
        SELECT h.council_id, h.status, h.from_date,
               lead(h.from_date) OVER (PARTITION BY h.council_id ORDER BY h.from_date, h.id) AS to_date
        FROM register.status_history h
    )
    SELECT a.day, s.council_id, s.status FROM asked a
    JOIN steps s ON a.day <> 'infinity' AND s.from_date <= a.day AND (s.to_date IS NULL OR a.day < s.to_date)
    UNION ALL
    SELECT a.day, c.id, c.status FROM asked a CROSS JOIN register.council c WHERE a.day = 'infinity' $$""",
    """CREATE FUNCTION coverage.qpv_areas()
    RETURNS TABLE (qpv_code text, nom text, population integer, area_m2 double precision, region_code text,
                   departement_code text, outside_ars boolean)
    LANGUAGE sql STABLE AS $$
    -- région: the ARS in charge (Saint-Martin's QPV: 01); outside any ARS: region NULL, counted apart
    SELECT q.code, q.nom, q.population, q.area_m2, coalesce(cq.ars_region_code, q.region_code), q.departement_code,
           cq.qpv_code IS NOT NULL AND cq.ars_region_code IS NULL
    FROM geo.qpv_current q LEFT JOIN coverage.qpv cq ON cq.qpv_code = q.code $$""",
    """CREATE FUNCTION coverage.coverage_at(days date[], regions text[] DEFAULT NULL)
    RETURNS TABLE (day date, kind text, code text, commune_code text, nom text, population integer,
                   region_code text, departement_code text, covered boolean, outside_ars boolean,
                   share_active double precision, share_with_planned double precision, status text, prevu boolean)
    LANGUAGE sql STABLE AS $$
    -- kind 'unit': a base unit held by a council actif (covered) or en_projet on the day; kind 'qpv':
    -- every QPV, its shares as sums of precomputed overlaps (geo.qpv_commune) and the rules of 0016.
    WITH asked AS (SELECT DISTINCT unnest(days) AS day),
    qpv AS MATERIALIZED (SELECT * FROM coverage.qpv_areas() q WHERE coverage.asked(q.region_code, regions)),
    scope AS (  -- the base units of the asked régions and those under their QPV
        SELECT g.code FROM geo.commune g WHERE regions IS NOT NULL AND coverage.asked(g.region_code, regions)
        UNION
        SELECT qc.commune_code FROM geo.qpv_commune qc
        WHERE regions IS NOT NULL AND qc.qpv_code IN (SELECT qpv_code FROM qpv)
    ),
    held AS MATERIALIZED (
        SELECT s.day, cu.unit_code, bool_or(s.status = 'actif') AS covered
        FROM coverage.council_status_at(days) s JOIN coverage.council_units() cu ON cu.council_id = s.council_id
        WHERE s.status IN ('actif', 'en_projet') AND (regions IS NULL OR cu.unit_code IN (SELECT code FROM scope))
        GROUP BY s.day, cu.unit_code
    ),
    overlap AS (
        SELECT h.day, qc.qpv_code, sum(qc.overlap_m2) FILTER (WHERE h.covered) AS active_m2,
               sum(qc.overlap_m2) AS planned_m2
        FROM held h JOIN geo.qpv_commune qc ON qc.commune_code = h.unit_code
        GROUP BY h.day, qc.qpv_code
    )
    SELECT h.day, 'unit', h.unit_code, coalesce(g.parent_code, g.code), NULL, g.population, g.region_code,
           g.departement_code, h.covered, false, NULL, NULL, NULL, NULL
    FROM held h JOIN geo.commune g ON g.code = h.unit_code
    UNION ALL
    SELECT a.day, 'qpv', q.qpv_code, NULL, q.nom, q.population, q.region_code, q.departement_code, NULL,
           q.outside_ars, s.active, s.planned, coverage.qpv_status(s.active), coverage.qpv_prevu(s.active, s.planned)
    FROM asked a CROSS JOIN qpv q
    LEFT JOIN overlap o ON o.day = a.day AND o.qpv_code = q.qpv_code
    CROSS JOIN LATERAL (SELECT least(1.0, coalesce(o.active_m2, 0) / q.area_m2)::float8 AS active,
                               least(1.0, coalesce(o.planned_m2, 0) / q.area_m2)::float8 AS planned) s $$""",
    f"""CREATE FUNCTION coverage.figures_at(days date[], regions text[] DEFAULT NULL)
    RETURNS TABLE (day date, level text, code text, region_code text,
{FIGURES})
    LANGUAGE sql STABLE AS $$
    WITH asked AS (SELECT DISTINCT unnest(days) AS day),
    area AS (  -- key: ('region', code) or ('departement', code); the apart row is ('region', '')
        SELECT 'region' AS kind, code, code AS region_code, 'region' AS level FROM geo.region
        UNION ALL SELECT 'departement', code, region_code, 'departement' FROM geo.departement
        UNION ALL SELECT 'region', '', '', 'apart'
    ),
    unit AS MATERIALIZED (  -- base units with their areas: today's geography, whatever the day
        SELECT u.unit_code, u.commune_code, u.population, g.region_code, g.departement_code
        FROM coverage.unit u JOIN geo.commune g ON g.code = u.unit_code
        WHERE coverage.asked(g.region_code, regions)
    ),
    base AS (  -- communes: the units that are one, plus the communes of arrondissements (Paris, Lyon,
               -- Marseille) counted apart, so no DISTINCT sorts every unit
        SELECT {KEY}
               count(*) FILTER (WHERE unit_code = commune_code) AS communes, sum(population) AS population
        FROM unit GROUP BY GROUPING SETS ((region_code), (departement_code))
    ),
    base_arm AS (
        SELECT {KEY}
               count(DISTINCT commune_code) AS communes
        FROM unit WHERE unit_code <> commune_code GROUP BY GROUPING SETS ((region_code), (departement_code))
    ),
    state AS MATERIALIZED (SELECT * FROM coverage.coverage_at(days, regions)),
    covered AS (
        SELECT day, {KEY}
               count(*) FILTER (WHERE covered AND code = commune_code) AS communes,
               sum(population) FILTER (WHERE covered) AS covered,
               sum(population) FILTER (WHERE NOT covered) AS planned
        FROM state WHERE kind = 'unit' AND coverage.asked(region_code, regions)
        GROUP BY GROUPING SETS ((day, region_code), (day, departement_code))
    ),
    covered_arm AS (
        SELECT day, {KEY}
               count(DISTINCT commune_code) AS communes
        FROM state WHERE kind = 'unit' AND covered AND code <> commune_code AND coverage.asked(region_code, regions)
        GROUP BY GROUPING SETS ((day, region_code), (day, departement_code))
    ),
    councils AS (  -- by the council's own région and département
        SELECT s.day, {KEY}
               count(*) FILTER (WHERE s.status = 'actif') AS actif,
               count(*) FILTER (WHERE s.status = 'en_projet') AS en_projet,
               count(*) FILTER (WHERE s.status = 'en_sommeil') AS en_sommeil,
               count(*) FILTER (WHERE s.status = 'arrete') AS arrete,
               sum(c.fte) FILTER (WHERE s.status = 'actif') AS fte
        FROM coverage.council_status_at(days) s JOIN register.council c ON c.id = s.council_id
        GROUP BY GROUPING SETS ((s.day, region_code), (s.day, departement_code))
    ),
    qpv AS (
        SELECT day, {KEY}
               count(*) AS total,
               count(*) FILTER (WHERE status = 'couvert' AND NOT outside_ars) AS couvert,
               sum(population) FILTER (WHERE status = 'couvert' AND NOT outside_ars) AS couvert_population,
               count(*) FILTER (WHERE status = 'partiel' AND NOT outside_ars) AS partiel,
               sum(population) FILTER (WHERE status = 'partiel' AND NOT outside_ars) AS partiel_population,
               count(*) FILTER (WHERE status = 'non_couvert' AND NOT outside_ars) AS non_couvert,
               sum(population) FILTER (WHERE status = 'non_couvert' AND NOT outside_ars) AS non_couvert_population,
               count(*) FILTER (WHERE prevu AND NOT outside_ars) AS prevu,
               sum(population) FILTER (WHERE prevu AND NOT outside_ars) AS prevu_population,
               count(*) FILTER (WHERE outside_ars) AS outside_ars,
               sum(population) FILTER (WHERE outside_ars) AS outside_ars_population
        FROM state WHERE kind = 'qpv' GROUP BY GROUPING SETS ((day, region_code), (day, departement_code))
    )
    SELECT a.day, ar.level, ar.code, ar.region_code,
           coalesce(c.actif, 0), coalesce(c.en_projet, 0), coalesce(c.en_sommeil, 0), coalesce(c.arrete, 0),
           coalesce(b.communes, 0) + coalesce(ba.communes, 0), coalesce(cv.communes, 0) + coalesce(ca.communes, 0),
           coalesce(b.population, 0), coalesce(cv.covered, 0),
           coalesce(cv.planned, 0), coalesce(q.total, 0), coalesce(q.couvert, 0), coalesce(q.couvert_population, 0),
           coalesce(q.partiel, 0), coalesce(q.partiel_population, 0), coalesce(q.non_couvert, 0),
           coalesce(q.non_couvert_population, 0), coalesce(q.prevu, 0), coalesce(q.prevu_population, 0),
           coalesce(q.outside_ars, 0), coalesce(q.outside_ars_population, 0), coalesce(c.fte, 0)
    FROM asked a CROSS JOIN area ar
    LEFT JOIN base b ON b.kind = ar.kind AND b.code = ar.code
    LEFT JOIN base_arm ba ON ba.kind = ar.kind AND ba.code = ar.code
    LEFT JOIN covered cv ON cv.day = a.day AND cv.kind = ar.kind AND cv.code = ar.code
    LEFT JOIN covered_arm ca ON ca.day = a.day AND ca.kind = ar.kind AND ca.code = ar.code
    LEFT JOIN councils c ON c.day = a.day AND c.kind = ar.kind AND c.code = ar.code
    LEFT JOIN qpv q ON q.day = a.day AND q.kind = ar.kind AND q.code = ar.code
    WHERE coverage.asked(ar.region_code, regions) $$""",
]
DROPS = ["coverage.figures_at(date[], text[])", "coverage.coverage_at(date[], text[])", "coverage.qpv_areas()",
         "coverage.council_status_at(date[])", "coverage.asked(text, text[])"]


def upgrade() -> None:
    for statement in FUNCTIONS:
        op.execute(statement)
    op.create_table(
        "area_figures",
        sa.Column("day", sa.Date, nullable=False, comment="'infinity': today (the register as it stands)"),
        sa.Column("level", sa.Text, nullable=False, comment="region, departement or apart (in no région)"),
        sa.Column("code", sa.Text, nullable=False, comment="INSEE code; '' for the apart row"),
        sa.Column("region_code", sa.Text, nullable=False, comment="the région recomputed with the row"),
        *[sa.Column(c, sa.BigInteger, nullable=False) for c in COUNTS],
        sa.Column("fte", sa.Numeric, nullable=False, comment="coordination FTE of the councils actif"),
        sa.PrimaryKeyConstraint("level", "code", "day"),
        schema="coverage",
    )
    op.add_column("council", sa.Column("region_codes", ARRAY(sa.Text), server_default="{}", nullable=False,
                                       comment="régions it counted in at the last refresh"), schema="coverage")
    op.execute(FILL)


# What the next coverage refresh would write, so a migrated database answers at once.
FILL = """
UPDATE coverage.council cc SET region_codes = r.codes
FROM (SELECT council_id, array_agg(DISTINCT coalesce(region_code, '')) AS codes
      FROM (SELECT cu.council_id, g.region_code FROM coverage.council_units() cu
            JOIN geo.commune g ON g.code = cu.unit_code
            UNION ALL SELECT id, region_code FROM register.council) t
      GROUP BY council_id) r
WHERE r.council_id = cc.council_id;
INSERT INTO coverage.area_figures
SELECT * FROM coverage.figures_at(ARRAY(
    SELECT make_date(y, 1, 1) FROM generate_series(2010, extract(year FROM current_date)::int) y
    UNION ALL SELECT 'infinity'::date)) f
WHERE f.level <> 'departement' OR f.day = 'infinity'
"""


def downgrade() -> None:
    op.drop_column("council", "region_codes", schema="coverage")
    op.drop_table("area_figures", schema="coverage")
    for signature in DROPS:
        op.execute(f"DROP FUNCTION {signature}")
