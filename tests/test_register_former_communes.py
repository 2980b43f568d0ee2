"""Geography that changed under the register: former (delegated or associated) communes named by
code or by name are mapped to the current commune with a warning; a code of no list is a row error."""
import pytest

from core.errors import DataError
from etl.register import import_register
from tests.register_sheets import clear_register, council, write_csv


@pytest.fixture
def clean(geography, db):
    clear_register(db)
    return db


def test_former_commune_named_by_name_maps_with_a_warning(clean, database_url, tmp_path):
    result = import_register(database_url, write_csv(tmp_path / "r.csv", [
        council(territoire="Jarnioux (69)", departement="69")]))
    assert clean.execute("SELECT commune_code FROM register.territory").fetchall() == [("69114",)]
    assert [(w.column, w.value, w.reason) for w in result.warnings] == [
        ("territoire", "Jarnioux (69)", "former commune 69101 Jarnioux mapped to current commune 69114")]


def test_former_and_current_of_the_same_commune_count_once(clean, database_url, tmp_path):
    result = import_register(database_url, write_csv(tmp_path / "r.csv", [council(territoire="69101; 69114")]))
    assert clean.execute("SELECT count(*) FROM register.territory").fetchone()[0] == 1
    assert len(result.warnings) == 1


def test_code_of_no_list_is_a_row_error_naming_it(clean, database_url, tmp_path):
    with pytest.raises(DataError) as raised:
        import_register(database_url, write_csv(tmp_path / "r.csv", [council(territoire="90010; 90999")]))
    [problem] = raised.value.problems
    assert (problem.row, problem.column, problem.value) == (2, "territoire", "90999")
    assert "90999" in problem.reason and "former" in problem.reason
    assert clean.execute("SELECT count(*) FROM register.council").fetchone()[0] == 0  # nothing dropped silently


def test_unknown_name_is_still_an_error(clean, database_url, tmp_path):
    with pytest.raises(DataError) as raised:
        import_register(database_url, write_csv(tmp_path / "r.csv", [council(territoire="Atlantide (69)")]))
    assert "unknown commune name in département 69" in raised.value.problems[0].reason
