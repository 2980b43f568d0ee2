"""`python -m api users add/list/disable`: password from stdin, never from an argument."""
import subprocess
import sys

import pytest
from typer.testing import CliRunner

import api.__main__ as users_cli
from core.settings import PROJECT_ROOT
from tests.auth_fixtures import api  # noqa: F401


@pytest.fixture
def cli(api, monkeypatch):
    monkeypatch.setattr(users_cli, "get_settings", lambda: api.settings)
    runner = CliRunner()
    return lambda *args, stdin="": runner.invoke(users_cli.app, ["users", *args], input=stdin)


def test_add_list_disable_and_the_new_user_logs_in(api, cli, db):
    db.execute("DELETE FROM auth.user WHERE username = 'cli_ars'")
    added = cli("add", "cli_ars", "--role", "ars", "--region", "27", "--password-stdin", stdin="cli password 12345\n")
    assert added.exit_code == 0, added.output
    assert "cli_ars" in cli("list").output
    token = api.client.post("/api/v1/auth/token", data={"username": "cli_ars", "password": "cli password 12345"})
    assert token.status_code == 200
    assert cli("disable", "cli_ars").exit_code == 0
    me = api.client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token.json()['access_token']}"})
    assert me.status_code == 401
    actions = [r[0] for r in db.execute("SELECT action FROM audit.event WHERE entity_id = 'cli_ars' ORDER BY id")]
    assert actions == ["user.create", "user.disable"]


def test_refuses_short_password_bad_role_and_duplicates(cli):
    assert cli("add", "x_short", "--role", "editor", "--password-stdin", stdin="short\n").exit_code == 2
    assert cli("add", "x_role", "--role", "ars", "--password-stdin", stdin="long enough pass\n").exit_code == 2
    dup = cli("add", "editor", "--role", "editor", "--password-stdin", stdin="long enough pass\n")
    assert dup.exit_code == 2 and "already exists" in dup.output
    assert "--password " not in cli("add", "--help").output


def test_token_command_prints_a_working_api_token(api, cli):
    printed = cli("token", "editor", "--name", "nightly import")
    assert printed.exit_code == 0, printed.output
    token = printed.output.strip().splitlines()[-1]
    assert api.client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}).json()["role"] == "editor"


def test_runs_as_a_module():
    answer = subprocess.run([sys.executable, "-m", "api", "users", "--help"], capture_output=True, text=True,
                            cwd=PROJECT_ROOT, timeout=60)
    assert answer.returncode == 0 and "disable" in answer.stdout
