"""The commune reader's csv.reader path reads a file as csv.DictReader did (blank lines skipped,
short rows padded, extra cells refused), through the thread that decompresses ahead."""
import csv
import io
import lzma

import pytest

from core.errors import DataError
from etl import readers
from etl.sources import Source

TEXT = 'id,code,nom\n1,01001,"L\'Abergement, Clémenciat"\n\n2,01002\n3,01004,Ambérieu-en-Bugey\n'


def source(tmp_path, text: str) -> Source:
    path = tmp_path / "communes.csv.lzma"
    path.write_bytes(lzma.compress(("\ufeff" + text).encode()))
    return Source("communes", path.name, "", "", "", path)


def test_rows_as_dict_reader_reads_them(tmp_path):
    expected = [(n, row) for n, row in enumerate(csv.DictReader(io.StringIO(TEXT)), start=2)]
    assert list(readers.iter_csv(source(tmp_path, TEXT), ["id", "code"])) == expected


def test_extra_cells_name_their_row(tmp_path):
    with pytest.raises(DataError) as caught:
        list(readers.iter_csv(source(tmp_path, TEXT + "4,01005,Ambérieux,extra\n"), ["id"]))
    assert caught.value.problems[0].row == 5 and caught.value.problems[0].value == ["extra"]


def test_truncated_file_is_reported_where_it_breaks(tmp_path):
    src = source(tmp_path, TEXT * 2000)
    src.path.write_bytes(src.path.read_bytes()[:-200])
    with pytest.raises(DataError, match="cannot decompress"):
        list(readers.iter_csv(src, ["id"]))
