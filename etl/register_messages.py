"""The importer's messages in French (the default at every surface: CLI, API, dashboard) or English
(the language setting). Reasons are written once, in English, where they arise (tests and logs key
on them); this table says each one in French, with the statuses in the user's words."""
import re

from core.errors import RowProblem

STATUS_WORDS = {"actif": "actif", "en_projet": "en projet", "en_sommeil": "en sommeil", "arrete": "arrêté"}
ACCEPTED = "formes acceptées"
_ = re.compile
FRENCH: list[tuple[re.Pattern, str]] = [
    (_(r"required value missing"), "valeur obligatoire manquante"),
    (_(r"malformed id \(letters, digits, '-', e\.g\. CLSM-0001\)"),
     "identifiant mal formé (lettres, chiffres et « - », par ex. CLSM-0001)"),
    (_(r"more cells than the header: a separator inside an unquoted cell\?"),
     "plus de cellules que de colonnes : un séparateur dans une cellule sans guillemets ?"),
    (_(r"same row as row (\d+): kept once"), r"ligne identique à la ligne \1 : gardée une seule fois"),
    (_(r"id also on row (\d+) with other values \((.*)\): both rows refused; keep one row per council"),
     r"identifiant aussi en ligne \1 avec d'autres valeurs (\2) : les deux lignes sont refusées ; gardez une "
     r"seule ligne par CLSM"),
    (_(r"missing column \(header on row (\d+): (.*)\); name it as in docs/register-format\.md or map it with "
       r"--map 'your label=(\w+)'"),
     r"colonne manquante (en-tête trouvé en ligne \1 : \2) ; nommez-la comme dans docs/register-format.md ou "
     r"associez votre libellé avec --map 'votre libellé=\3'"),
    (_(r"second column for (\w+) \(first: (.*)\), ignored"), r"deuxième colonne pour \1 (la première : \2), ignorée"),
    (_(r"unknown column, ignored \(map it with --map 'label=column' if it is one\)"),
     "colonne inconnue, ignorée (associez-la avec --map 'libellé=colonne' si c'en est une)"),
    (_(r"no council in the file \(header only\)"), "aucun CLSM dans le fichier (en-tête seul)"),
    (_(r"negative amount"), "montant négatif"),
    (_(r"year out of range"), "année hors limites"),
    (_(r"history ends with (\w+) but statut is (\w+)"),
     "l'historique se termine par « {0} » mais le statut est « {1} »"),
    (_(r"history entry (.*): expected 'date status' or 'date status : note'"),
     r"étape d'historique \1 : attendu « date statut » ou « date statut : note »"),
    (_(r"unknown status \(accepted: .*"), "statut inconnu (formes acceptées : actif, en projet, en sommeil / en "
                                          "veille, arrêté ; une année peut suivre entre parenthèses : "
                                          "« arrêté (2021) »)"),
    (_(r"unknown territory scale \(expected one of: (.*)\)"), r"échelle inconnue (formes acceptées : \1)"),
    (_(r"unknown carrying structure type.*"), "type de structure porteuse inconnu (formes acceptées : commune/ville/"
                                              "mairie, EPCI/CA/CC/métropole, CCAS/CIAS, hôpital/CH/EPSM, "
                                              "association, autre)"),
    (_(r"unknown région.*"), "région inconnue (formes acceptées : code INSEE, nom, ou l'abréviation usuelle : IDF, "
                             "PACA, AURA, BFC, HDF, NAQ…)"),
    (_(r"not a number"), "pas un nombre"),
    (_(r"not a whole number"), "pas un nombre entier"),
    (_(r"FTE out of range \(0 to ([\d.]+); accepted: (.*)\)"), r"ETP hors limites (0 à \1 ; formes acceptées : \2)"),
    (_(r"FTE out of range \(0 to ([\d.]+)\)"), r"ETP hors limites (0 à \1)"),
    (_(r"not an FTE \(accepted: (.*)\)"), r"pas un ETP (formes acceptées : \1)"),
    (_(r"not a date \(accepted: (.*), optionally followed by « \(prévu\) »\)"),
     r"pas une date (formes acceptées : \1, suivie au besoin de « (prévu) »)"),
    (_(r"not a date \(expected dd/mm/yyyy or yyyy-mm-dd\)"),
     "pas une date (formes acceptées : jj/mm/aaaa ou aaaa-mm-jj)"),
    (_(r"not a valid calendar date"), "date impossible au calendrier"),
    (_(r"date in the future \(a planned date of a council en projet: add « \(prévu\) »\)"),
     "date dans le futur (une date prévue d'un CLSM en projet : ajoutez « (prévu) »)"),
    (_(r"date in the future \(« prévu » only for a council en projet\)"),
     "date dans le futur (« prévu » seulement pour un CLSM en projet)"),
    (_(r"date in the future"), "date dans le futur"),
    (_(r"expected oui or non"), "attendu oui ou non"),
    (_(r"unknown EPCI SIREN"), "SIREN d'EPCI inconnu"),
    (_(r"unknown INSEE code (\w+): .*"), r"code INSEE \1 inconnu : ni une commune ou un arrondissement actuel, ni une "
                                         r"ancienne commune (déléguée ou associée)"),
    (_(r"the code and the name disagree: (\w+) is (.*), not (.*?)( \((.*) is (.*)\))?; keep one of the two"),
     lambda m: f"le code et le nom ne concordent pas : {m[1]} est {m[2]}, pas {m[3]}"
               + (f" ({m[5]} est {m[6]})" if m[4] else "") + " ; gardez l'un des deux"),
    (_(r"ambiguous commune name: (.*); add the département, e\.g\. '(.*) \(dép\)', or write the INSEE code"),
     r"nom de commune ambigu : \1 ; ajoutez le département, par ex. « \2 (dép) », ou écrivez le code INSEE"),
    (_(r"ambiguous commune name in (\w+) \((.*)\): use the INSEE code"),
     r"nom de commune ambigu dans le \1 (\2) : écrivez le code INSEE"),
    (_(r"unknown commune name( in département (\w+))? \(accepted: .*\)"),
     lambda m: "nom de commune inconnu" + (f" dans le département {m[2]}" if m[1] else "")
               + " (formes acceptées : code INSEE, « Nom », « Nom (dép) », « code - Nom », SIREN ou nom d'EPCI)"),
    (_(r"ambiguous former commune name.*\((.*)\): use the INSEE code"),
     r"nom d'ancienne commune ambigu (\1) : écrivez le code INSEE"),
    (_(r"(ambiguous|unknown) EPCI name \(write its SIREN, 9 digits, or its full name\)"),
     lambda m: ("nom d'EPCI ambigu" if m[1] == "ambiguous" else "nom d'EPCI inconnu")
               + " (écrivez son SIREN, 9 chiffres, ou son nom complet)"),
    (_(r"(\w+) is the INSEE code of (.*), but the council is named after (.*) \((\w+)\): is \1 a postal code\? "
       r"Write .*'s INSEE code \4 or the commune's name"),
     r"\1 est le code INSEE de \2, mais le CLSM porte le nom de \3 (\4) : \1 est-il un code postal ? Écrivez le "
     r"code INSEE \4 ou le nom de la commune"),
    (_(r"former commune (\w+) (.*) mapped to current commune (\w+)"),
     r"ancienne commune \1 \2 rattachée à la commune actuelle \3"),
    (_(r"above the header \(title\)"), "au-dessus de l'en-tête (titre)"),
    (_(r"blank row"), "ligne vide"),
    (_(r"total row"), "ligne de total"),
    (_(r"note or source line"), "note ou source"),
    (_(r"comment or section heading \(one cell, no id\)"), "commentaire ou intertitre (une cellule, sans identifiant)"),
    (_(r"header found on row (\d+)"), r"en-tête trouvé en ligne \1"),
    (_(r"sheet '(.*)' read \(it holds the register; also in the workbook: (.*)\)"),
     r"onglet « \1 » lu (il contient le registre ; aussi dans le classeur : \2)"),
    (_(r"the workbook expands to (\d+) MB \(limit (\d+) MB\): not a register"),
     r"le classeur se décompresse en \1 Mo (limite \2 Mo) : ce n'est pas un registre"),
    (_(r"file too large \((.*) MB, limit (\d+) MB\).*"),
     r"fichier trop gros (\1 Mo, limite \2 Mo) : le registre national pèse bien moins de 1 Mo ; "
     r"est-ce le bon fichier ?"),
    (_(r"more than (.*) rows: .*"), r"plus de \1 lignes : le registre national en compte quelques centaines ; "
                                    r"est-ce le bon onglet ?"),
    (_(r"empty file"), "fichier vide"),
    (_(r"not XLSX: (.*)"), r"pas un classeur XLSX lisible (\1)"),
    (_(r"file not found"), "fichier introuvable"),
    (_(r"row (\d+) of the file names it but was rejected"), r"la ligne \1 du fichier le nomme mais a été refusée"),
]


def french(text: str) -> str:
    """The French of one of the importer's English messages (unchanged when not in the table)."""
    for pattern, french_text in FRENCH:
        m = pattern.fullmatch(text)
        if m:
            if callable(french_text):
                return french_text(m)
            if "{0}" in french_text:
                return french_text.format(*(STATUS_WORDS.get(g, g) for g in m.groups()))
            return m.expand(french_text)
    return text


def say(text: str, lang: str = "fr") -> str:
    return french(text) if lang == "fr" else text


def in_lang(problem: RowProblem, lang: str = "fr") -> RowProblem:
    return RowProblem(problem.file, problem.row, problem.column, problem.value, say(problem.reason, lang))
