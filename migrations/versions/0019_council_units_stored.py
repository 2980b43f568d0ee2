"""Council → base unit expansion stored, and what each council brought to the stored figures, so an
incremental refresh recomputes only the days (and régions) a council change can alter.

coverage.council_unit: the rows of coverage.council_units() (migration 0016), kept by the coverage
refresh (all councils on a full refresh, the changed ones on an incremental one).
coverage.coverage_at (0018) reads it instead of expanding every territory through geo.commune: one
région's figures no longer scan the communes of France.

coverage.council.day_statuses / figures_key: the council's status on each stored day and a digest of
the rest figures_at reads of it (région, département, FTE, units), as of the last refresh: a day's
figures can move only where these differ after a change (NULL: unknown, every day is recomputed).

Revision ID: 0019
Revises: 0018
"""
import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

EXPANDED, STORED = "JOIN coverage.council_units() cu", "JOIN coverage.council_unit cu"


def _coverage_at_0018() -> str:
    """0018's CREATE FUNCTION coverage.coverage_at, as CREATE OR REPLACE (one definition, not a copy)."""
    spec = importlib.util.spec_from_file_location("m0018", Path(__file__).with_name("0018_area_figures.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    [statement] = [s for s in module.FUNCTIONS if "FUNCTION coverage.coverage_at(" in s]
    assert statement.count(EXPANDED) == 1
    return statement.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)


def upgrade() -> None:
    op.create_table(
        "council_unit",
        sa.Column("council_id", sa.Text, sa.ForeignKey("register.council.id", ondelete="CASCADE"), nullable=False),
        sa.Column("unit_code", sa.Text, sa.ForeignKey("geo.commune.code"), nullable=False,
                  comment="base unit of its territory (coverage.council_units())"),
        sa.PrimaryKeyConstraint("council_id", "unit_code"),
        schema="coverage",
    )
    op.create_index("council_unit_unit", "council_unit", ["unit_code"], schema="coverage")
    op.execute("INSERT INTO coverage.council_unit SELECT council_id, unit_code FROM coverage.council_units()")
    op.add_column("council", sa.Column("day_statuses", JSONB, comment="status on each stored day, last refresh"),
                  schema="coverage")
    op.add_column("council", sa.Column("figures_key", sa.Text, comment="digest of région, département, FTE, "
                                       "units at the last refresh"), schema="coverage")
    op.execute(_coverage_at_0018().replace(EXPANDED, STORED))


def downgrade() -> None:
    op.execute(_coverage_at_0018())
    op.drop_column("council", "figures_key", schema="coverage")
    op.drop_column("council", "day_statuses", schema="coverage")
    op.drop_table("council_unit", schema="coverage")
