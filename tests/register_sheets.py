"""Small register spreadsheets written by the tests (CSV in several dialects, XLSX)."""
import csv
from pathlib import Path

import psycopg

BASE = {"identifiant": "CLSM-0001", "nom": "CLSM test — Belfort", "statut": "actif", "echelle": "communal",
        "territoire": "90010", "date_creation": "01/02/2016", "etp_coordination": "0,5",
        "budget_coordination_eur": "32 000", "financement_ars": "12000", "financement_commune_epci": "20000",
        "annee_financement": "2024", "instances": "COPIL; groupes de travail", "demo": "non"}


def council(**cells) -> dict:
    return {**BASE, **cells}


def write_csv(path: Path, rows: list[dict], delimiter: str = ";", encoding: str = "utf-8-sig") -> Path:
    header = list(dict.fromkeys(k for r in rows for k in r))
    with Path(path).open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows([r.get(h, "") for h in header] for r in rows)
    return Path(path)


def write_xlsx(path: Path, rows: list[dict]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    header = list(dict.fromkeys(k for r in rows for k in r))
    sheet.append(header)
    for r in rows:
        sheet.append([r.get(h) for h in header])
    book.save(path)
    return Path(path)


def clear_register(db: psycopg.Connection) -> None:
    db.execute("DELETE FROM coverage.qpv; DELETE FROM coverage.unit; DELETE FROM register.council")


def state(db: psycopg.Connection) -> tuple:
    """What serving looks like: used to prove a failed import changed nothing."""
    return db.execute(
        "SELECT (SELECT version FROM meta.data_version), "
        "(SELECT md5(coalesce(string_agg(id || status || revision, ',' ORDER BY id), '')) FROM register.council), "
        "(SELECT count(*) FROM register.territory), (SELECT count(*) FROM register.funding)").fetchone()
