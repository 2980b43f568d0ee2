"""The QPV list coverage reads: meta.setting 'qpv_current_list' and the view geo.qpv_current.

A second list (e.g. the 2015 one) can be loaded into geo.qpv beside the 2024 one; every query of
"current" coverage reads geo.qpv_current, so it is unaffected (docs/qpv-lists.md).

Revision ID: 0010
Revises: 0008 (0009 was never merged)
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "setting",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("note", sa.Text),
        schema="meta",
    )
    op.execute("INSERT INTO meta.setting VALUES ('qpv_current_list', '2024', "
               "'geo.qpv.liste read by coverage (QPV 2024, décret 2023-1314)')")
    op.execute("""CREATE VIEW geo.qpv_current AS
                  SELECT q.* FROM geo.qpv q
                  WHERE q.liste = (SELECT value FROM meta.setting WHERE key = 'qpv_current_list')""")


def downgrade() -> None:
    op.execute("DROP VIEW geo.qpv_current")
    op.drop_table("setting", schema="meta")
