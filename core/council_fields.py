"""The fields of a council (table register.council), one line each: what it is, where it travels.

A new council field is a migration, a line here and its label. The importer, the edit whitelist,
the API's select lists and schemas and the dashboard's field lists are checked against this list
by tests/test_council_fields.py, which names any copy that misses the new field.

Personal data (coordinator names, e-mails, phones) is not a council column: it lives in
register.contact and never leaves through public endpoints or exports (docs/security.md)."""
from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "code", "date", "number", "integer", "boolean", "list"]


@dataclass(frozen=True)
class CouncilField:
    name: str  # column of register.council, key of the API answers
    kind: Kind
    label_fr: str
    label_en: str
    sheet_column: str | None = None  # column of the register spreadsheet (docs/register-format.md)
    imported: bool = True  # written by the importer (from sheet_column, or computed at import)
    editable: bool = False  # in the whitelist of PATCH /councils/{id}
    in_form: bool = False  # in the dashboard's edit form (a subset of editable)
    in_list: bool = False  # in GET /councils items, hence the CSV export and the directory
    public: bool = True  # in the public council card (GET /councils/{id})


FIELDS: tuple[CouncilField, ...] = (
    CouncilField("id", "code", "Identifiant", "Id", "identifiant", in_list=True),
    CouncilField("name", "text", "Nom", "Name", "nom", editable=True, in_form=True, in_list=True),
    CouncilField("status", "code", "Statut", "Status", "statut", in_list=True),
    CouncilField("created_on", "date", "Date de création", "Created on", "date_creation", editable=True,
                 in_list=True),
    CouncilField("created_on_precision", "code", "Précision de la date de création", "Creation date precision"),
    CouncilField("scale", "code", "Échelle", "Scale", "echelle", editable=True, in_form=True, in_list=True),
    CouncilField("region_code", "code", "Région (ARS)", "Région (ARS)", "region_ars", editable=True, in_list=True),
    CouncilField("departement_code", "code", "Département", "Département", "departement", editable=True,
                 in_list=True),
    CouncilField("carrier_type", "code", "Type de structure porteuse", "Carrier type", "structure_porteuse_type",
                 editable=True, in_form=True),
    CouncilField("carrier_name", "text", "Structure porteuse", "Carrier", "structure_porteuse", editable=True,
                 in_form=True),
    CouncilField("fte", "number", "ETP de coordination", "Coordination FTE", "etp_coordination", editable=True,
                 in_form=True, in_list=True),
    CouncilField("budget_eur", "number", "Budget de coordination (€)", "Coordination budget (€)",
                 "budget_coordination_eur", editable=True, in_form=True, in_list=True),
    CouncilField("governance", "list", "Instances", "Governance bodies", "instances", editable=True),
    CouncilField("themes", "list", "Thématiques", "Themes", "thematiques", editable=True),
    CouncilField("demo", "boolean", "Démonstration", "Demonstration", "demo", in_list=True),
    CouncilField("source", "text", "Source", "Source", "source", editable=True),
    CouncilField("updated_on", "date", "Date de mise à jour", "Updated on", "date_mise_a_jour"),
    CouncilField("quality_score", "number", "Qualité", "Quality", in_list=True),  # computed at import
    CouncilField("revision", "integer", "Révision", "Revision", imported=False),  # the ETag, bumped per write
)
BY_NAME = {f.name: f for f in FIELDS}


def names(**flags: bool) -> list[str]:
    """Field names in register order whose flags have the given values, e.g. names(editable=True)."""
    return [f.name for f in FIELDS if all(getattr(f, k) == v for k, v in flags.items())]


def label(name: str, lang: str = "fr") -> str:
    field = BY_NAME[name]
    return field.label_en if lang == "en" else field.label_fr
