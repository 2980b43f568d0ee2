"""Public serving: request counters shared by every worker, council ids from a sequence.

auth.rate_window holds one fixed one-minute window per visitor address (API and dashboard). It is
UNLOGGED: counters are worth no WAL flush per request, and losing them in a crash only forgives
a minute. register.council_id_seq numbers new councils (CLSM-NNNN), so no id is derived by
casting existing ids (an imported 'CLSM-99999999999999999999' broke that cast).

Revision ID: 0015
Revises: 0014
"""
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE UNLOGGED TABLE auth.rate_window ("
               " key text PRIMARY KEY,"
               " window_start bigint NOT NULL,"
               " hits integer NOT NULL)")
    op.execute("COMMENT ON TABLE auth.rate_window IS "
               "'requests of one visitor (key: scope:address) in the current one-minute window'")
    op.execute("CREATE SEQUENCE register.council_id_seq AS bigint MINVALUE 1 MAXVALUE 99999999")
    op.execute("SELECT setval('register.council_id_seq', coalesce((SELECT max(substring(id FROM "
               "'^CLSM-([0-9]{1,8})$')::bigint) FROM register.council), 0) + 1, false)")


def downgrade() -> None:
    op.execute("DROP SEQUENCE register.council_id_seq")
    op.execute("DROP TABLE auth.rate_window")
