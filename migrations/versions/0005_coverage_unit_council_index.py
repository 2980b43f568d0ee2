"""GIN indexes on the council arrays of coverage.unit: the incremental coverage refresh finds the
units a changed council covered without scanning every base unit.

Revision ID: 0005
Revises: 0004
"""
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("unit_active_councils", "unit", ["active_councils"], schema="coverage", postgresql_using="gin")
    op.create_index("unit_planned_councils", "unit", ["planned_councils"], schema="coverage", postgresql_using="gin")


def downgrade() -> None:
    op.drop_index("unit_planned_councils", "unit", schema="coverage")
    op.drop_index("unit_active_councils", "unit", schema="coverage")
