"""Register revisions, and the precision of creation dates. Every import (and revert) is a revision \
holding the register as it stood
before it, so `register revert` brings it back exactly; councils removed by an import are archived
with their children, restorable one by one.

Revision ID: 0012
Revises: 0011
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A creation date written '03/2019' or '2019' keeps that precision (the date is its first day).
    op.add_column("council", sa.Column("created_on_precision", sa.Text, comment="day, month or year"),
                  schema="register")
    op.create_check_constraint("council_created_on_precision", "council",
                               "created_on_precision IN ('day', 'month', 'year')", schema="register")
    op.create_table(
        "revision",
        sa.Column("id", sa.Integer, sa.Identity(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("username", sa.Text, nullable=False, comment="API user, or the system user of the CLI"),
        sa.Column("action", sa.Text, nullable=False, comment="import, revert, restore"),
        sa.Column("file_name", sa.Text),
        sa.Column("sha256", sa.Text, comment="of the imported file"),
        sa.Column("counts", JSONB, nullable=False, server_default="{}"),
        sa.Column("removed_ids", ARRAY(sa.Text), nullable=False, server_default="{}"),
        sa.Column("reverts", sa.Integer, sa.ForeignKey("register.revision.id"),
                  comment="the revision a revert undid"),
        sa.Column("reverted_by", sa.Integer, sa.ForeignKey("register.revision.id")),
        sa.CheckConstraint("action IN ('import', 'revert', 'restore')", name="revision_action"),
        schema="register",
    )
    op.create_table(
        "revision_snapshot",
        sa.Column("revision_id", sa.Integer, sa.ForeignKey("register.revision.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("table_name", sa.Text, primary_key=True),
        sa.Column("rows", JSONB, nullable=False, comment="every row of the table before the revision"),
        schema="register",
        comment="personal data (contacts): never exposed by public endpoints or exports",
    )
    op.create_table(
        "council_archive",
        sa.Column("council_id", sa.Text, primary_key=True),
        sa.Column("revision_id", sa.Integer, sa.ForeignKey("register.revision.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("record", JSONB, nullable=False, comment="council row and its children, as they were"),
        sa.Column("restored_at", sa.DateTime(timezone=True)),
        schema="register",
        comment="councils removed by an import (soft delete); personal data: never public",
    )


    op.create_table(
        "import_problems",
        sa.Column("id", sa.Text, primary_key=True, comment="random, unguessable"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("username", sa.Text, nullable=False),
        sa.Column("file_name", sa.Text),
        sa.Column("problems", JSONB, nullable=False, comment="every problem of an upload whose answer lists the first"),
        schema="register",
        comment="cell values may be personal data: editors and admins only",
    )
    op.create_table(
        "import_profile",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("mapping", JSONB, nullable=False, comment="header label (normalised) -> register column"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        schema="register",
        comment="how a workbook's own column labels map to the register's, named and reused by later imports",
    )


def downgrade() -> None:
    op.drop_table("import_profile", schema="register")
    op.drop_table("import_problems", schema="register")
    op.drop_column("council", "created_on_precision", schema="register")
    for table in ("council_archive", "revision_snapshot", "revision"):
        op.drop_table(table, schema="register")
