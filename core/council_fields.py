"""The fields of a council (table register.council), one entry each: what it is, where it travels.

A new council field is a migration, an entry here and its label (docs/council-fields.md). Derived
from this list: the importer's columns, header labels and generic cell parsing (etl/register.py,
register_format.py, register_rows.py), the edit whitelist and body, the select lists of the list,
card and exports (api/queries/councils.py), the API schemas (api/schemas.py) and the dashboard's
answer shapes, edit form and card. tests/test_council_fields.py checks the lists of fields with
rules of their own, and proves with a throwaway field (test_council_fields_throwaway.py) that the
spec alone carries a value from the spreadsheet to the card and the export.

Personal data never leaves through public endpoints or exports (docs/security.md): a field marked
``personal`` is neither in the card nor in the list/export. Coordinator contacts are not council
columns at all: they live in register.contact."""
import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "code", "date", "number", "integer", "boolean", "list"]
_NAME = re.compile(r"[a-z][a-z0-9_]*")  # quoted into SQL as an identifier: nothing else gets through


@dataclass(frozen=True)
class CouncilField:
    name: str  # column of register.council, key of the API answers
    kind: Kind
    label_fr: str  # also a header label the importer recognises
    label_en: str
    sheet_column: str | None = None  # column of the register spreadsheet (docs/register-format.md)
    imported: bool = True  # written by the importer (from sheet_column, or computed at import)
    editable: bool = False  # in the whitelist of PATCH /councils/{id}
    in_form: bool = False  # in the dashboard's edit form (a subset of editable)
    in_list: bool = False  # in GET /councils items, hence the CSV export and the directory
    public: bool = True  # in the public council card (GET /councils/{id})
    personal: bool = False  # personal data: never public, never listed or exported
    required: bool = False  # never null in the answers (lists never are)
    synonyms: tuple[str, ...] = ()  # other header labels people write (compared by header_key)
    description: str = ""  # for the OpenAPI (English); the English label when empty

    def __post_init__(self):
        if not _NAME.fullmatch(self.name):
            raise ValueError(f"council field {self.name!r}: lower-case letters, digits and '_' only")
        if self.personal:
            object.__setattr__(self, "public", False)
            if self.in_list:
                raise ValueError(f"council field {self.name!r} is personal: it cannot be listed or exported")


F = CouncilField
FIELDS: tuple[CouncilField, ...] = (
    F("id", "code", "Identifiant", "Id", "identifiant", in_list=True, required=True,
      synonyms=("id", "identifiant clsm", "id clsm", "n", "no", "n clsm", "no clsm", "numero", "numero clsm", "num",
                "ref", "reference", "code clsm", "code"),
      description="Stable council id, e.g. CLSM-0001."),
    F("name", "text", "Nom", "Name", "nom", editable=True, in_form=True, in_list=True, required=True,
      synonyms=("nom clsm", "clsm", "intitule", "intitule clsm", "denomination", "libelle", "nom conseil",
                "conseil local sante mentale", "nom conseil local sante mentale"),
      description="Council name."),
    F("status", "code", "Statut", "Status", "statut", in_list=True, required=True,
      synonyms=("statut actuel", "etat", "situation", "statut clsm", "etat avancement"),
      description="actif (active), en_projet (in preparation), en_sommeil (dormant), arrete (stopped)."),
    F("scale", "code", "Échelle", "Scale", "echelle", editable=True, in_form=True, in_list=True, required=True,
      synonyms=("echelle territoriale", "echelon", "niveau", "type territoire", "perimetre type",
                "echelle territoire"),
      description="Territory scale: communal, intercommunal, infra_communal, secteur_psychiatrique, mixte."),
    F("region_code", "code", "Région (ARS)", "Région (ARS)", "region_ars", editable=True, in_list=True,
      synonyms=("region", "ars", "region administrative"), description="Région (INSEE code) of the council (its ARS)."),
    F("departement_code", "code", "Département", "Département", "departement", editable=True, in_list=True,
      synonyms=("dept", "dep", "dpt", "departement code", "code departement"), description="Main département."),
    F("created_on", "date", "Date de création", "Created on", "date_creation", editable=True, in_list=True,
      synonyms=("creation", "date installation", "annee creation", "date signature", "date mise en place", "cree le",
                "date creation clsm", "date lancement"),
      description="Creation date."),
    F("created_on_precision", "code", "Précision de la date de création", "Creation date precision",
      description="Precision of created_on as the register gave it: day, month or year (the date is then the "
                  "first day of that month or year)."),
    F("carrier_type", "code", "Type de structure porteuse", "Carrier type", "structure_porteuse_type",
      editable=True, in_form=True,
      synonyms=("type structure porteuse", "type porteur", "porteur type", "type portage", "nature porteur",
                "type structure"),
      description="Carrying structure type: commune, epci, ccas, hopital, association, autre."),
    F("carrier_name", "text", "Structure porteuse", "Carrier", "structure_porteuse", editable=True, in_form=True,
      synonyms=("porteur", "portage", "porteur clsm", "structure portage"), description="Carrying structure name."),
    F("fte", "number", "ETP de coordination", "Coordination FTE", "etp_coordination", editable=True,
      in_form=True, in_list=True,
      synonyms=("etp", "etp coordinateur", "etp coordinatrice", "etp coordo", "temps coordination",
                "coordination etp", "quotite coordination", "etp coordonnateur"),
      description="Coordination full-time equivalent (ETP)."),
    F("budget_eur", "number", "Budget de coordination (€)", "Coordination budget (€)", "budget_coordination_eur",
      editable=True, in_form=True, in_list=True,
      synonyms=("budget", "budget coordination", "budget annuel", "budget coordination euro", "cout coordination"),
      description="Yearly coordination budget, euros."),
    F("governance", "list", "Instances", "Governance bodies", "instances", editable=True,
      synonyms=("instance", "gouvernance"), description="Governance bodies (copil = steering committee, ...)."),
    F("themes", "list", "Thématiques", "Themes", "thematiques", editable=True,
      synonyms=("thematique", "themes", "theme", "axes travail", "axes"), description="Working themes."),
    F("demo", "boolean", "Démonstration", "Demonstration", "demo", in_list=True, required=True,
      synonyms=("demonstration",), description="Demonstration (fictitious) council."),
    F("source", "text", "Source", "Source", "source", editable=True, synonyms=("sources", "origine information"),
      description="Where the register entry comes from."),
    F("updated_on", "date", "Date de mise à jour", "Updated on", "date_mise_a_jour",
      synonyms=("mise a jour", "maj", "date maj", "derniere mise a jour", "actualise le"),
      description="Last update of the entry."),
    F("quality_score", "number", "Qualité", "Quality", in_list=True,  # computed at import
      description="Share of the expected register fields filled, 0-1."),
    F("revision", "integer", "Révision", "Revision", imported=False, required=True,  # the ETag, bumped per write
      description="Entry revision."),
)


def fields(**flags: bool) -> list[CouncilField]:
    """Fields in register order whose flags have the given values, e.g. fields(in_list=True). Reads
    FIELDS on each call, so a test may add a field to it."""
    return [f for f in FIELDS if all(getattr(f, k) == v for k, v in flags.items())]


def names(**flags: bool) -> list[str]:
    """Field names in register order whose flags have the given values, e.g. names(editable=True)."""
    return [f.name for f in fields(**flags)]


def get(name: str) -> CouncilField:
    """One field by name (reads FIELDS, like fields())."""
    return next(f for f in FIELDS if f.name == name)


def label(name: str, lang: str = "fr") -> str:
    field = get(name)
    return field.label_en if lang == "en" else field.label_fr
