"""Register spreadsheet upload (editor, admin): the same importer and row-level report as
`python -m etl register`; by default nothing is loaded when any row is invalid."""
import re
import tempfile
from pathlib import Path
from typing import Annotated

import psycopg
from fastapi import APIRouter, Form, Request, UploadFile

from api.auth import EditorUser
from core.errors import Conflict, DatabaseUnavailable, InvalidParameter, PayloadTooLarge, UnsupportedMediaType
from core.settings import Settings

router = APIRouter(prefix="/register", tags=["register editing"])
ACCEPTED = {  # extension -> content types browsers and scripts send for it
    ".csv": {"text/csv", "application/csv", "text/plain", "application/vnd.ms-excel"},
    ".xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/octet-stream"},
}
CHUNK = 64 * 1024
LOCK_TIMEOUT_MS = 30_000  # an edit holding the register longer than this: 409, try again


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


@router.post("/imports", summary="Upload a register spreadsheet (editor, admin): preview (dry_run) or load, "
             "with the diff and the row-level report; nothing loaded on error unless skip_invalid")
def upload_register(request: Request, file: UploadFile, user: EditorUser,
                    skip_invalid: Annotated[bool, Form()] = False, replace: Annotated[bool, Form()] = False,
                    dry_run: Annotated[bool, Form()] = False,
                    confirm: Annotated[str | None, Form(description="SHA-256 of the previewed file")] = None) -> dict:
    from etl.register import import_register
    from etl.register_revisions import Actor

    settings: Settings = request.app.state.settings
    with tempfile.TemporaryDirectory(prefix="clsm-upload-") as folder:
        path = _save(file, Path(folder), settings.max_upload_bytes)
        # Import, coverage refresh, revision and audit event: one transaction (old or new register,
        # never a mix). Rejected rows go to a throwaway file: they hold contacts.
        try:
            result = import_register(settings.database_url, path, skip_invalid=skip_invalid, replace=replace,
                                     rejects_path=Path(folder) / "rejets.csv", dry_run=dry_run,
                                     actor=Actor(user.username, user.role), refresh=True, confirm=confirm,
                                     lock_timeout_ms=LOCK_TIMEOUT_MS)
        except psycopg.errors.LockNotAvailable as exc:
            raise Conflict("the register is being edited or imported by someone else; try again in a minute") from exc
        except psycopg.OperationalError as exc:  # server restarted or unreachable: the transaction rolled back
            raise DatabaseUnavailable("the database connection was lost during the import; nothing was changed, "
                                      "retry shortly") from exc
    if not result.loaded and not result.errors and not dry_run:
        raise InvalidParameter("the file holds no council")
    if not dry_run:
        request.app.state.data_state = None  # see register_edit.forget_data_version
    return {"file": file.filename, "sha256": result.sha256, "dry_run": dry_run, "blocked": result.blocked,
            "revision": result.revision, "loaded": result.loaded, "rejected": result.rejected,
            "inserted": result.inserted, "updated": result.updated, "removed": result.removed,
            "diff": result.diff.as_dict(), "errors": [p.as_dict() for p in result.errors],
            "warnings": [p.as_dict() for p in result.warnings], "skipped": [p.as_dict() for p in result.skipped]}
