"""Every message the importer writes has its French (the default); statuses in the user's words."""
import re
from pathlib import Path

import pytest

from etl.register_messages import FRENCH, french

SOURCES = ["etl/register_rows.py", "etl/register_places.py", "etl/register_values.py", "etl/register_format.py",
           "etl/spreadsheet.py", "etl/register.py"]


@pytest.mark.parametrize("english, expected", [
    ("history ends with en_projet but statut is arrete", "l'historique se termine par « en projet » mais le statut "
                                                         "est « arrêté »"),
    ("unknown INSEE code 99999: neither a current commune or arrondissement nor a former (delegated or associated) one",
     "code INSEE 99999 inconnu : ni une commune ou un arrondissement actuel, ni une ancienne commune (déléguée ou "
     "associée)"),
    ("id also on row 7 with other values (territoire): both rows refused; keep one row per council",
     "identifiant aussi en ligne 7 avec d'autres valeurs (territoire) : les deux lignes sont refusées ; gardez une "
     "seule ligne par CLSM"),
    ("the code and the name disagree: 90010 is Belfort, not Valdoie (90099 is Valdoie); keep one of the two",
     "le code et le nom ne concordent pas : 90010 est Belfort, pas Valdoie (90099 est Valdoie) ; gardez l'un des deux"),
    ("unknown commune name in département 90 (accepted: INSEE code, 'Name', 'Name (dép)', 'code - Name', EPCI SIREN "
     "or name)", "nom de commune inconnu dans le département 90 (formes acceptées : code INSEE, « Nom », "
                 "« Nom (dép) », « code - Nom », SIREN ou nom d'EPCI)"),
    ("header found on row 3", "en-tête trouvé en ligne 3")])
def test_french(english, expected):
    assert french(english) == expected


def test_every_message_of_the_importer_has_its_french():
    """Each literal reason in the importer's code is matched by a pattern of the table."""
    root = Path(__file__).parent.parent
    literals = set()
    for name in SOURCES:
        text = (root / name).read_text(encoding="utf-8")
        literals |= set(re.findall(r'(?:raise ValueError|RowProblem\([^"]*|error\([^"]*|warn\([^"]*)'
                                   r'\(?f?"([a-z][^"{]{6,})', text))
    sources = [re.sub(r"\\(.)", r"\1", p.pattern) for p, _ in FRENCH]
    untranslated = [m for m in literals if " " in m and not any(s.startswith(m[:14]) for s in sources)]
    assert not untranslated, untranslated
