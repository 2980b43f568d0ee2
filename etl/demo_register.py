"""Deterministic demonstration register, written in the importer's own spreadsheet format.

Calibrated on the public national figures (/work/shared/data/README.md, tests/test_register_demo.py):
about 300 active and 100 planned councils, a few dormant or stopped, 15-30 created a year since 2015,
the scale mix, regional spread, FTE, budgets and funding mixes. Every council is flagged demo,
named "CLSM démo — ...", with example.org contacts. One seeded Random, inputs sorted by code, a
fixed reference date: the same file on every machine and every day."""
import csv
import random
from datetime import date, timedelta
from pathlib import Path

from core.db import raw_connection
from core.files import atomic_text
from core.models import FUNDING_SOURCES
from etl import register_format as fmt
from etl.demo_territories import INFRA_GROUPS, Geography, Picker, Territory, region_quotas

SEED = 20250630
REFERENCE_DATE = date(2025, 6, 30)  # "about 300 active on 30 June 2025"
STATUS_COUNTS = {"actif": 300, "en_projet": 100, "en_sommeil": 18, "arrete": 12}
# Councils created per year (ever active): ~35 by 2010, ~100 by end 2014, ~244 on 1 Jan 2020.
CREATED_PER_YEAR = {**{y: 2 for y in range(1995, 2010)}, 2010: 8, 2011: 14, 2012: 16, 2013: 16, 2014: 17,
                    2015: 26, 2016: 28, 2017: 30, 2018: 30, 2019: 28, 2020: 16, 2021: 18, 2022: 17,
                    2023: 15, 2024: 16, 2025: 5}
SCALES = {"communal": 0.56, "intercommunal": 0.36, "secteur_psychiatrique": 0.05, "mixte": 0.03}
FTE_VALUES = [0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.2, 1.5, 2.0]
FTE_WEIGHTS = [3, 5, 2, 6, 5, 16, 6, 5, 6, 2, 3, 3, 2]
THEMES = ["accès aux soins", "logement", "situations complexes", "prévention du suicide",
          "santé mentale des jeunes", "lutte contre la stigmatisation", "SISM", "précarité", "parentalité",
          "personnes âgées", "addictions", "emploi et insertion", "culture", "droits des usagers"]
CARRIERS = {"commune": "Ville {de_town}", "epci": "{epci}", "ccas": "CCAS {de_town}",
            "hopital": "Centre hospitalier (démo) {de_town}", "association": "Association démo santé mentale {label}"}
EXTRA_FUNDERS = [("politique_de_la_ville", 0.3), ("caf", 0.08), ("appel_a_projets", 0.1), ("departement", 0.08),
                 ("region", 0.05), ("fonds_europeens", 0.02), ("autre", 0.04)]


def write_demo_register(database_url: str, out: Path) -> Path:
    with raw_connection(database_url) as conn:
        geo = Geography(conn)
    rows = demo_rows(geo)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_text(out, encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\n")
        columns = fmt.columns()
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row.get(c, "") for c in columns])
    return out


def demo_rows(geo: Geography) -> list[dict[str, str]]:
    rng = random.Random(SEED)
    slots = _slots(geo, rng)
    created = _creation_dates(rng)
    rows, pickers = [], {}
    for region, scale, status in slots:
        if region not in pickers:
            pickers[region] = Picker(geo, rng, region)
        with_qpv = rng.random() < (0.86 if status != "en_projet" else 0.55)
        territory = pickers[region].pick(scale, with_qpv)
        if territory is None:
            continue
        rows.append(_council(rng, territory, status, created))
    rows.sort(key=lambda r: (r["region_ars"], r["departement"], r["nom"]))
    for number, row in enumerate(rows, start=1):
        row["identifiant"] = f"CLSM-{number:04d}"
        row["coordinateur_email"] = f"coordination.clsm-{number:04d}@example.org"
        row["coordinateur_telephone"] = f"01 99 00 {number // 100:02d} {number % 100:02d}"  # ARCEP fiction range
    _stall_early_projects(rows)
    return rows


# Councils in preparation: 34 on 1 Jan 2020, about 78 in 2021 (national figures). Projects that
# began in 2022 or later cannot give that, so some of today's projects are long-running ones begun
# in 2019-2020. Own Random, applied last: nothing else in the file moves.
STALLED_PROJECTS = 65
STALLED_FROM, STALLED_TO = date(2019, 8, 1), date(2020, 12, 31)


def _stall_early_projects(rows: list[dict[str, str]]) -> None:
    rng = random.Random(SEED + 1)
    projects = [r for r in rows if r["statut"] == "en projet"]
    for row in rng.sample(projects, min(STALLED_PROJECTS, len(projects))):
        row["historique_statut"] = f"{_day(_between(rng, STALLED_FROM, STALLED_TO))} en projet"


def _slots(geo: Geography, rng: random.Random) -> list[tuple[str, str, str]]:
    """(region, scale, status) of every council; active ones first so they get the larger towns."""
    quotas = region_quotas(geo, sum(STATUS_COUNTS.values()))
    slots = []
    for region in sorted(quotas):
        infra = min(len(INFRA_GROUPS.get(region, [])), quotas[region])
        slots += [(region, "infra_communal")] * infra
        slots += [(region, s) for s in rng.choices(list(SCALES), list(SCALES.values()), k=quotas[region] - infra)]
    statuses = [s for s, n in STATUS_COUNTS.items() for _ in range(n)]
    rng.shuffle(statuses)
    order = {"actif": 0, "en_sommeil": 1, "arrete": 1, "en_projet": 2}
    return sorted(((r, sc, st) for (r, sc), st in zip(slots, statuses)), key=lambda s: order[s[2]])


def _creation_dates(rng: random.Random) -> dict[str, list[date]]:
    """Creation dates of the ever-active councils: the oldest ones are those now dormant or stopped."""
    dates = sorted(date(y, 1, 1) + timedelta(days=rng.randrange(181 if y == 2025 else 365))
                   for y, n in CREATED_PER_YEAR.items() for _ in range(n))
    stopped = STATUS_COUNTS["en_sommeil"] + STATUS_COUNTS["arrete"]
    early = [d for d in dates if d.year < 2019]
    gone = set(rng.sample(range(len(early)), stopped))
    inactive = [d for i, d in enumerate(early) if i in gone]
    active = [d for i, d in enumerate(early) if i not in gone] + [d for d in dates if d.year >= 2019]
    rng.shuffle(active)
    rng.shuffle(inactive)
    return {"actif": active, "inactive": inactive}


def _de(town: str) -> str:
    """'de Roubaix', "d'Audruicq", 'du Mans', 'des Mureaux'."""
    for article, contracted in (("Le ", "du "), ("Les ", "des ")):
        if town.startswith(article):
            return contracted + town[len(article):]
    return f"d'{town}" if town[:1].lower() in "aeiouyéèêâîô" else f"de {town}"


def _day(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max(1, (end - start).days)))


def _history(rng: random.Random, status: str, created: dict) -> tuple[str, str]:
    """(date_creation, historique_statut) consistent with each other and the status."""
    if status == "en_projet":
        start = _between(rng, date(2022, 1, 1), REFERENCE_DATE)
        return "", f"{_day(start)} en projet"
    born = (created["actif"] if status == "actif" else created["inactive"]).pop()
    steps = [(born - timedelta(days=rng.randrange(120, 540)), "en projet", ""), (born, "actif", "")]
    if status != "actif":
        asleep = _between(rng, max(born + timedelta(days=730), date(2020, 1, 1)), REFERENCE_DATE - timedelta(days=200))
        steps.append((asleep, "en sommeil", "départ de la coordination, poste non renouvelé"))
        if status == "arrete":
            steps.append((_between(rng, asleep + timedelta(days=90), REFERENCE_DATE),
                          "arrêté", "fin du financement"))
    text = " | ".join(f"{_day(d)} {s}" + (f" : {n}" if n else "") for d, s, n in steps)
    return _day(born), text


def _funding(rng: random.Random, budget: float, territory: Territory) -> dict[str, str]:
    roll = rng.random()
    if roll < 0.2:  # single funder: mostly the local authority
        funders = [rng.choices(["commune_epci", "ars", "etablissement_sante"], [0.75, 0.15, 0.1])[0]]
    else:
        funders = ["commune_epci", "ars"] if roll < 0.9 else rng.choice([["commune_epci"], ["ars"]])
        if rng.random() < 0.42:
            funders.append("etablissement_sante")
        for source, p in EXTRA_FUNDERS:
            has_qpv_bonus = source != "politique_de_la_ville" or territory.scale != "secteur_psychiatrique"
            if has_qpv_bonus and rng.random() < p:
                funders.append(source)
    weights = [rng.uniform(1, 3) for _ in funders]
    amounts = [round(budget * w / sum(weights), -2) for w in weights]
    return {fmt.FUNDING_PREFIX + s: f"{a:.0f}" for s, a in zip(sorted(funders, key=FUNDING_SOURCES.index), amounts)}


def _council(rng: random.Random, territory: Territory, status: str, created: dict) -> dict[str, str]:
    created_on, history = _history(rng, status, created)
    fte = 1.0 if rng.random() < 0.34 else rng.choices(FTE_VALUES, FTE_WEIGHTS)[0]
    hired = status != "en_projet" or rng.random() < 0.4
    budget = round(fte * rng.uniform(60_000, 76_000), -2)
    carrier = rng.choices(list(CARRIERS), [0.38, 0.2 if territory.scale == "intercommunal" else 0, 0.16, 0.16, 0.1])[0]
    row = {
        "nom": f"CLSM démo — {territory.label}", "statut": status.replace("_", " "), "historique_statut": history,
        "date_creation": created_on, "echelle": territory.scale.replace("_", " "), "region_ars": territory.region,
        "departement": territory.dep, "territoire": "; ".join(territory.items),
        "structure_porteuse_type": carrier, "structure_porteuse": CARRIERS[carrier].format(
            de_town=_de(territory.town), label=territory.label,
            epci=territory.epci_name or f"Intercommunalité (démo) {_de(territory.town)}"),
        "etp_coordination": f"{fte:g}".replace(".", ",") if hired else "",
        "budget_coordination_eur": f"{budget:.0f}" if hired else "",
        "instances": "; ".join(i for i, p in (("COPIL", 0.95), ("assemblée plénière", 0.8),
                                              ("groupes de travail", 0.9)) if rng.random() < p),
        "thematiques": "; ".join(rng.sample(THEMES, rng.randint(2, 5))),
        "annee_financement": "2024" if hired else "",
        "coordinateur_nom": f"Coordination démo {territory.label}", "demo": "oui",
        "source": "démonstration (générée, fictive)",
        "date_mise_a_jour": _day(_between(rng, date(2024, 1, 1), REFERENCE_DATE)),
    }
    if hired:
        row.update(_funding(rng, budget, territory))
    for optional in ("thematiques", "structure_porteuse", "instances"):  # real sheets have gaps
        if rng.random() < 0.06:
            row[optional] = ""
    return row
