"""Register spreadsheet upload (editor, admin): the same importer and row-level report as
`python -m etl register`; by default nothing is loaded when any row is invalid."""
import re
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request, UploadFile

from api.auth import EditorUser, PrimaryConnDep
from api.queries import audit
from core.errors import InvalidParameter, PayloadTooLarge, UnsupportedMediaType
from core.settings import Settings

router = APIRouter(prefix="/register", tags=["register editing"])
ACCEPTED = {  # extension -> content types browsers and scripts send for it
    ".csv": {"text/csv", "application/csv", "text/plain", "application/vnd.ms-excel"},
    ".xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/octet-stream"},
}
CHUNK = 64 * 1024


def _save(upload: UploadFile, folder: Path, limit: int) -> Path:
    suffix = Path(upload.filename or "").suffix.lower()
    content_type = (upload.content_type or "").split(";")[0].strip().lower()
    if suffix not in ACCEPTED or content_type not in ACCEPTED[suffix]:
        raise UnsupportedMediaType(f"send a .csv or .xlsx register (got {upload.filename!r}, {content_type!r})")
    # The user's own file name, made safe: problems and provenance (meta.sources) name it.
    stem = re.sub(r"[^\w.() -]+", "_", Path(upload.filename or "").stem).strip(" .")[:80] or "register"
    target, size = folder / f"{stem}{suffix}", 0
    with target.open("wb") as out:
        while chunk := upload.file.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise PayloadTooLarge(f"the file is larger than {limit} bytes")
            out.write(chunk)
    if suffix == ".xlsx" and not target.read_bytes()[:2] == b"PK":
        raise UnsupportedMediaType("this .xlsx file is not a spreadsheet (not a zip container)")
    return target


@router.post("/imports", summary="Upload a register spreadsheet (editor, admin): row-level report; "
             "nothing loaded on error unless skip_invalid")
def upload_register(request: Request, file: UploadFile, user: EditorUser, conn: PrimaryConnDep,
                    skip_invalid: Annotated[bool, Form()] = False) -> dict:
    from etl.coverage import refresh_coverage
    from etl.register import import_register

    settings: Settings = request.app.state.settings
    with tempfile.TemporaryDirectory(prefix="clsm-upload-") as folder:
        path = _save(file, Path(folder), settings.max_upload_bytes)
        # Rejected rows go to a throwaway file: they hold contacts, which must not linger on disk.
        result = import_register(settings.database_url, path, skip_invalid=skip_invalid,
                                 rejects_path=Path(folder) / "rejets.csv")
    if not result.loaded and not result.errors:
        raise InvalidParameter("the file holds no council")
    refresh_coverage(settings.database_url, result.changed)
    summary = {"file": file.filename, "loaded": result.loaded, "rejected": result.rejected,
               "inserted": result.inserted, "updated": result.updated}
    audit.record(conn, user, "register.import", "register", file.filename, None, summary, register_change=True)
    conn.commit()
    request.app.state.data_state = None  # see register_edit.forget_data_version
    return {**summary, "errors": [p.as_dict() for p in result.errors],
            "warnings": [p.as_dict() for p in result.warnings]}
