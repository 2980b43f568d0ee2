"""fold_text(): lower case without accents, for searches typed without them ("Etienne").

Revision ID: 0006
Revises: 0005
"""
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

ACCENTED = "ÀÂÄÁÃÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜŸàâäáãçéèêëíìîïñóòôöõúùûüÿ"
PLAIN = "AAAAACEEEEIIIINOOOOOUUUUYaaaaaceeeeiiiinooooouuuuy"


def upgrade() -> None:
    op.execute(f"""CREATE FUNCTION public.fold_text(value text) RETURNS text
                   LANGUAGE sql IMMUTABLE PARALLEL SAFE
                   RETURN lower(translate(value, '{ACCENTED}', '{PLAIN}'))""")


def downgrade() -> None:
    op.execute("DROP FUNCTION public.fold_text(text)")
