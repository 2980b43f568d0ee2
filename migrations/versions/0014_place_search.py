"""search_key(): a place name folded for search (lower case, no accents, no punctuation, no articles,
"13e"/"1er" -> "13"/"1", saint -> st), and trigram indexes on it for every searchable name.

Revision ID: 0014
Revises: 0013
"""
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# Table -> name column: communes and arrondissements, former communes, EPCI, QPV, councils
# (départements and régions are a hundred rows: a scan is faster than an index there).
INDEXED = {"geo.commune": "nom", "geo.commune_former": "nom", "geo.epci": "nom", "geo.qpv": "nom",
           "register.council": "name"}


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public")
    op.execute(r"""
        CREATE FUNCTION public.search_key(value text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        RETURN btrim(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
            public.fold_text(value), '[^a-z0-9]+', ' ', 'g'),
            '\m([0-9]+)(e|er|eme|ere|nd|th|st)\M', '\1', 'g'),
            '\msainte\M', 'ste', 'g'), '\msaint\M', 'st', 'g'),
            '\m(le|la|les|l|d|de|du|des|the|of)\M', ' ', 'g'))
    """)
    # regexp leaves double spaces where words went: a second pass keeps the function simple to read.
    op.execute(r"""
        CREATE FUNCTION public.search_words(value text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        RETURN regexp_replace(public.search_key(value), ' {2,}', ' ', 'g')
    """)
    for table, column in INDEXED.items():
        name = table.split(".")[1] + "_search_trgm"
        op.execute(f"CREATE INDEX {name} ON {table} USING gin (public.search_words({column}) public.gin_trgm_ops)")


def downgrade() -> None:
    for table in INDEXED:
        op.execute(f"DROP INDEX {table.split('.')[0]}.{table.split('.')[1]}_search_trgm")
    op.execute("DROP FUNCTION public.search_words(text)")
    op.execute("DROP FUNCTION public.search_key(text)")
