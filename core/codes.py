"""Patterns of the official codes (regular-expression bodies, without anchors): every validator
(API parameters, source readers, register importer) builds on these.

A commune code (code INSEE / COG) is the département's two characters (2A, 2B in Corsica) and
three digits; arrondissements of Paris, Lyon, Marseille have codes of the same form."""
import re

REGION_CODE = r"[0-9]{2}"
DEPARTEMENT_CODE = r"(?:[0-9]{2,3}|2[AB])"
COMMUNE_CODE = r"[0-9][0-9AB][0-9]{3}"
EPCI_CODE = r"[0-9]{9}"  # SIREN
# As typed in spreadsheets, which drop the leading zero of codes such as 01053: also 4 digits.
COMMUNE_CODE_UNPADDED = rf"(?:{COMMUNE_CODE}|[0-9]{{4}})"

COMMUNE_RE = re.compile(rf"^{COMMUNE_CODE}$")
COMMUNE_UNPADDED_RE = re.compile(rf"^{COMMUNE_CODE_UNPADDED}$")
DEPARTEMENT_RE = re.compile(rf"^{DEPARTEMENT_CODE}$")
REGION_RE = re.compile(rf"^{REGION_CODE}$")
