"""`python -m etl register FILE`: exit status, printed report, rejects file, coverage refreshed."""
import os
import subprocess
import sys

from core.settings import PROJECT_ROOT
from tests.register_sheets import clear_register, council, write_csv


def etl(database_url: str, *args: str, env_columns: str | None = "200") -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url}
    env.pop("COLUMNS", None)
    if env_columns:
        env["COLUMNS"] = env_columns
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=PROJECT_ROOT, env=env, capture_output=True,
                          text=True)


def test_register_command(geography, db, database_url, tmp_path):
    clear_register(db)
    path = write_csv(tmp_path / "reg.csv", [council(), council(identifiant="CLSM-0002", territoire="99999")])
    failed = etl(database_url, "register", str(path))
    assert failed.returncode == 2
    assert "code INSEE 99999 inconnu" in failed.stdout and "rien n'a été chargé" in failed.stdout
    assert "--skip-invalid" in failed.stdout  # what to do next
    english = etl(database_url, "register", str(path), "--lang", "en")
    assert "unknown INSEE code" in english.stdout and "nothing was loaded" in english.stdout
    assert (tmp_path / "reg.rejets.csv").is_file()
    assert db.execute("SELECT count(*) FROM register.council").fetchone()[0] == 0

    skipped = etl(database_url, "register", str(path), "--skip-invalid", "--rejects", str(tmp_path / "r.csv"))
    assert skipped.returncode == 0, skipped.stdout + skipped.stderr
    assert "refresh coverage" in skipped.stdout and (tmp_path / "r.csv").is_file()
    assert db.execute("SELECT is_covered FROM coverage.unit WHERE unit_code = '90010'").fetchone()[0] is True


def test_pipeline_never_replaces_a_real_register_by_the_demo(geography, db, database_url, tmp_path, monkeypatch):
    import io

    from rich.console import Console

    from etl import pipeline
    from etl.register import import_register

    clear_register(db)
    import_register(database_url, write_csv(tmp_path / "real.csv", [council(demo="non")]))
    monkeypatch.setattr(pipeline, "DEMO_FILE", tmp_path / "demo.csv")
    report = pipeline.load_rest(geography.model_copy(update={"register_file": None}), Console(file=io.StringIO()))
    assert any("real council(s) loaded" in n for n in report.notes)
    assert not (tmp_path / "demo.csv").exists()
    assert db.execute("SELECT id, demo FROM register.council").fetchall() == [("CLSM-0001", False)]


def test_dry_run_then_confirm_then_revert(geography, db, database_url, tmp_path):
    clear_register(db)
    first = write_csv(tmp_path / "registre national des CLSM — version de travail du centre 2026.csv", [council()])
    assert etl(database_url, "register", str(first)).returncode == 0
    path = write_csv(tmp_path / "b.csv", [council(etp_coordination="1"),
                                          council(identifiant="CLSM-0002", territoire="90075")])
    preview = etl(database_url, "register", str(path), "--dry-run", "--replace")
    assert preview.returncode == 0, preview.stdout + preview.stderr
    assert "ce que le chargement ferait" in preview.stdout and "CLSM-0002" in preview.stdout
    assert "fte" in preview.stdout and "0.5" in preview.stdout
    assert db.execute("SELECT count(*) FROM register.council").fetchone()[0] == 1
    sha = next(line.split()[-1] for line in preview.stdout.splitlines() if "--confirm" in line)
    loaded = etl(database_url, "register", str(path), "--confirm", sha)
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    assert db.execute("SELECT count(*) FROM register.council").fetchone()[0] == 2
    reverted = etl(database_url, "register-revert")
    assert reverted.returncode == 0 and "annulée" in reverted.stdout, reverted.stdout + reverted.stderr
    assert db.execute("SELECT id, fte::float FROM register.council").fetchall() == [("CLSM-0001", 0.5)]
    listed = etl(database_url, "register-revisions", env_columns=None)
    assert "registre national des CLSM — version de travail du centre 2026.csv" in listed.stdout  # not cut at 80


def test_a_column_mapped_once_is_remembered_in_a_profile(geography, db, database_url, tmp_path):
    clear_register(db)
    rows = [{**council(), "Nb ETP (coordo)": council()["etp_coordination"]}]
    del rows[0]["etp_coordination"]
    path = write_csv(tmp_path / "profil.csv", rows)
    first = etl(database_url, "register", str(path), "--profile", "centre", "--map", "Nb ETP (coordo)=etp_coordination")
    assert first.returncode == 0, first.stdout + first.stderr
    assert db.execute("SELECT fte::float FROM register.council").fetchone()[0] == 0.5
    db.execute("UPDATE register.council SET fte = NULL")
    again = etl(database_url, "register", str(path), "--profile", "centre")  # no --map: the profile remembers
    assert again.returncode == 0 and db.execute("SELECT fte::float FROM register.council").fetchone()[0] == 0.5
    bad = etl(database_url, "register", str(path), "--map", "Nb ETP=etp")
    assert bad.returncode == 2 and "unknown register column 'etp'" in bad.stdout
