"""Fixtures for the auth, editing and privacy tests: one user per role, two councils (Paris, Belfort)
with private contacts, and an app. Import the fixtures you use into the test module."""
from dataclasses import dataclass

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from core.db import psycopg_dsn
from core.security import create_access_token, hash_password
from core.settings import Settings
from etl.coverage import refresh_coverage

PASSWORD = "fixture password 123"
PARIS, BELFORT = "CLSM-9001", "CLSM-9002"  # régions 11 (Île-de-France) and 27 (Bourgogne-Franche-Comté)
PRIVATE = {  # values that must never leave through a public door
    PARIS: ("Zéphyrine Confidentielle", "zephyrine.confidentielle@example.org", "+33 6 98 76 54 32"),
    BELFORT: ("Barnabé Secretissime", "barnabe.secretissime@example.org", "+33 3 84 00 11 22"),
}
PASSWORD_HASH = hash_password(PASSWORD)  # once: argon2 is slow on purpose
USERS = {"ars_idf": ("ars", "11"), "ars_bfc": ("ars", "27"), "editor": ("editor", None), "admin": ("admin", None)}


@dataclass
class Api:
    client: TestClient
    settings: Settings
    tokens: dict[str, str]

    def headers(self, who: str | None, **extra) -> dict:
        return {**({"Authorization": f"Bearer {self.tokens[who]}"} if who else {}), **extra}


def reset_fixture_councils(url: str) -> None:
    """(Re)create the two fixture councils: other test modules clear the register."""
    with psycopg.connect(psycopg_dsn(url), autocommit=True) as conn:
        conn.execute("DELETE FROM register.council WHERE id = ANY(%s)", ([PARIS, BELFORT],))
        for cid, region, dep, commune in ((PARIS, "11", "75", "75111"), (BELFORT, "27", "90", "90010")):
            conn.execute("INSERT INTO register.council (id, name, status, scale, region_code, departement_code, "
                         "fte, budget_eur, created_on) VALUES (%s, %s, 'actif', 'communal', %s, %s, 1.0, 50000, "
                         "'2018-01-01')", (cid, f"CLSM test {cid}", region, dep))
            conn.execute("INSERT INTO register.territory (council_id, commune_code) VALUES (%s, %s)", (cid, commune))
            conn.execute("INSERT INTO register.status_history (council_id, status, from_date) "
                         "VALUES (%s, 'actif', '2018-01-01')", (cid,))
            conn.execute("INSERT INTO register.funding (council_id, source, year, amount_eur) "
                         "VALUES (%s, 'ars', 2024, 12345.67)", (cid,))
            conn.execute("INSERT INTO register.contact (council_id, name, email, phone, role) "
                         "VALUES (%s, %s, %s, %s, 'coordination')", (cid, *PRIVATE[cid]))
    refresh_coverage(url, [PARIS, BELFORT])


def ensure_users(url: str) -> dict[str, int]:
    """The role users (password PASSWORD), enabled; returns their token generations."""
    generations = {}
    with psycopg.connect(psycopg_dsn(url), autocommit=True) as conn:
        for name, (role, region) in USERS.items():
            generations[name] = conn.execute(
                "INSERT INTO auth.user (username, password_hash, role, region_code) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (username) DO UPDATE SET disabled = false, role = EXCLUDED.role, "
                "region_code = EXCLUDED.region_code, password_hash = EXCLUDED.password_hash "
                "RETURNING token_generation", (name, PASSWORD_HASH, role, region)).fetchone()[0]
        conn.execute("DELETE FROM auth.login_failure")
    return generations


@pytest.fixture
def api(geography) -> Api:
    reset_fixture_councils(geography.database_url)
    generations = ensure_users(geography.database_url)
    tokens = {name: create_access_token(geography, name, gen) for name, gen in generations.items()}
    return Api(TestClient(create_app(geography)), geography, tokens)
