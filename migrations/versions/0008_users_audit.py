"""Users and roles (schema auth), API tokens for scripts, login failures (brute-force slowing),
audit log (schema audit); meta.data_version also changes after every register edit made through the API.

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

ROLES = ("ars", "editor", "admin")
SOURCES_HASH = "coalesce(string_agg(name || ':' || sha256, ',' ORDER BY name), '')"


def upgrade() -> None:
    for schema in ("auth", "audit"):
        op.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    op.create_table(
        "user",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.Text, nullable=False, unique=True),
        sa.Column("password_hash", sa.Text, nullable=False, comment="argon2id"),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("region_code", sa.Text, sa.ForeignKey("geo.region.code"), comment="ARS region (role ars only)"),
        sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("token_generation", sa.Integer, nullable=False, server_default="1",
                  comment="bumped on disable or password change: older tokens stop working"),
        sa.CheckConstraint("role IN (" + ",".join(f"'{r}'" for r in ROLES) + ")", name="user_role"),
        sa.CheckConstraint("(role = 'ars') = (region_code IS NOT NULL)", name="user_ars_region"),
        schema="auth",
    )
    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("auth.user.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.Text, nullable=False, comment="what the script is"),
        sa.Column("token_sha256", sa.Text, nullable=False, unique=True,
                  comment="SHA-256 of a 256-bit random token: shown once, never stored"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("last_used_at", sa.DateTime(timezone=True)),
        sa.Column("revoked", sa.Boolean, nullable=False, server_default=sa.false()),
        schema="auth",
    )
    op.create_table(
        "login_failure",
        sa.Column("key", sa.Text, primary_key=True, comment="'user:<name>' or 'ip:<address>'"),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_failure", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("locked_until", sa.DateTime(timezone=True)),
        schema="auth",
    )
    op.create_table(
        "event",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("username", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False, comment="e.g. council.create, council.status, user.disable"),
        sa.Column("entity", sa.Text, nullable=False, comment="council, register, user"),
        sa.Column("entity_id", sa.Text),
        sa.Column("before", JSONB),
        sa.Column("after", JSONB),
        sa.Column("register_change", sa.Boolean, nullable=False, comment="changes served data"),
        schema="audit",
    )
    op.create_index("event_register_change", "event", ["id"], schema="audit",
                    postgresql_where=sa.text("register_change"))
    op.create_index("event_entity", "event", ["entity", "entity_id"], schema="audit")
    # Unchanged version while nothing was edited through the API; afterwards the last edit joins it.
    op.execute(f"""CREATE OR REPLACE VIEW meta.data_version AS
        SELECT left(md5({SOURCES_HASH} || coalesce(
                 ',edit:' || (SELECT max(id) FROM audit.event WHERE register_change), '')), 12) AS version
        FROM meta.current_sources""")


def downgrade() -> None:
    op.execute(f"""CREATE OR REPLACE VIEW meta.data_version AS
        SELECT left(md5({SOURCES_HASH}), 12) AS version FROM meta.current_sources""")
    op.execute("DROP SCHEMA IF EXISTS audit CASCADE")
    op.execute("DROP SCHEMA IF EXISTS auth CASCADE")
