"""Funding of active councils by area and source, stored at each coverage refresh.

- coverage.funding_by_area(): the funding lines of the councils actif in the register's latest year
  (the year of register.funding's newest line), summed by source for each région, département and
  'apart' (councils of no région): the councils' own région and département, as the summaries
  filter them. The nation is the sum of the région and apart rows (a council is in one région).
- coverage.area_funding: its rows, written by every coverage refresh (etl/sql/coverage_funding.sql),
  so today's summaries read ≤ 20 × 10 rows instead of summing register.funding on each request.

Revision ID: 0021
Revises: 0020
"""
import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

FUNCTION = """CREATE FUNCTION coverage.funding_by_area()
    RETURNS TABLE (level text, code text, source text, year integer, amount_eur numeric, councils bigint)
    LANGUAGE sql STABLE AS $$
    WITH latest AS (SELECT max(year) AS year FROM register.funding),
    lines AS (
        SELECT c.region_code, c.departement_code, f.council_id, f.source, f.amount_eur
        FROM register.funding f JOIN register.council c ON c.id = f.council_id
        WHERE c.status = 'actif' AND f.year = (SELECT year FROM latest)
    )
    SELECT CASE WHEN GROUPING(departement_code) = 0 THEN 'departement'
                WHEN region_code IS NULL THEN 'apart' ELSE 'region' END,
           CASE WHEN GROUPING(departement_code) = 0 THEN departement_code ELSE coalesce(region_code, '') END,
           source, (SELECT year FROM latest), sum(amount_eur), count(DISTINCT council_id)
    FROM lines GROUP BY GROUPING SETS ((region_code, source), (departement_code, source))
    HAVING GROUPING(departement_code) = 1 OR departement_code IS NOT NULL $$"""


def upgrade() -> None:
    op.execute(FUNCTION)
    op.create_table(
        "area_funding",
        sa.Column("level", sa.Text, nullable=False, comment="region, departement or apart (in no région)"),
        sa.Column("code", sa.Text, nullable=False, comment="INSEE code; '' for the apart row"),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("year", sa.Integer, nullable=False, comment="the register's latest funding year"),
        sa.Column("amount_eur", sa.Numeric, nullable=False),
        sa.Column("councils", sa.BigInteger, nullable=False, comment="councils actif with a line of this source"),
        sa.PrimaryKeyConstraint("level", "code", "source"),
        schema="coverage",
    )
    op.execute("INSERT INTO coverage.area_funding SELECT * FROM coverage.funding_by_area()")


def downgrade() -> None:
    op.drop_table("area_funding", schema="coverage")
    op.execute("DROP FUNCTION coverage.funding_by_area()")
