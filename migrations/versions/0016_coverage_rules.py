"""Coverage rules as SQL functions, one definition each, read by the ETL refresh and the history
queries (docs/coverage.md):

- coverage.qpv_status(share_active): 'couvert' from 50% of the QPV's area in active territories,
  'partiel' from 5%, else 'non_couvert' (the only place the thresholds are written);
- coverage.qpv_prevu(share_active, share_planned): not couvert today, couvert once the councils
  en_projet are counted;
- coverage.council_units(): the base units of every council territory. A territory naming Paris,
  Lyon or Marseille (not a base unit) counts as its arrondissements; naming an arrondissement
  counts that one only: never both;
- coverage.in_area(region_code, departement_code, region, departement): the row lies in the asked
  région and département, a NULL ask meaning no filter (the filter of every area query).

Plain LANGUAGE sql bodies, so the planner inlines them: no per-row call cost.

Revision ID: 0016
Revises: 0015
"""
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

COVERED, PARTIAL = 0.5, 0.05  # share of the QPV area in active council territories


def upgrade() -> None:
    op.execute(f"""CREATE FUNCTION coverage.qpv_status(share_active double precision) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN share_active >= {COVERED} THEN 'couvert'
                    WHEN share_active >= {PARTIAL} THEN 'partiel' ELSE 'non_couvert' END $$""")
    op.execute("""CREATE FUNCTION coverage.qpv_prevu(share_active double precision, share_planned double precision)
        RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coverage.qpv_status(share_active) <> 'couvert' AND coverage.qpv_status(share_planned) = 'couvert' $$""")
    op.execute("""CREATE FUNCTION coverage.council_units() RETURNS TABLE (council_id text, unit_code text)
        LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT t.council_id, n.code FROM register.territory t
        JOIN geo.commune n ON n.code = t.commune_code AND n.is_base_unit
        UNION
        SELECT t.council_id, u.code FROM register.territory t
        JOIN geo.commune n ON n.code = t.commune_code AND NOT n.is_base_unit
        JOIN geo.commune u ON u.parent_code = n.code AND u.is_base_unit $$""")
    op.execute("""CREATE FUNCTION coverage.in_area(region_code text, departement_code text, region text,
                                                   departement text)
        RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT (region IS NULL OR region_code = region)
           AND (departement IS NULL OR departement_code = departement) $$""")


def downgrade() -> None:
    op.execute("DROP FUNCTION coverage.in_area(text, text, text, text)")
    op.execute("DROP FUNCTION coverage.council_units()")
    op.execute("DROP FUNCTION coverage.qpv_prevu(double precision, double precision)")
    op.execute("DROP FUNCTION coverage.qpv_status(double precision)")
