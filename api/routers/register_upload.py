"""Register spreadsheet upload (editor, admin): the same importer and row-level report as
`python -m etl register`; by default nothing is loaded when any row is invalid."""
import csv
import io
import json
import re
import secrets
import tempfile
from pathlib import Path
from typing import Annotated, Literal

import psycopg
from fastapi import APIRouter, Form, Query, Request, UploadFile
from fastapi.responses import PlainTextResponse
from sqlalchemy import text

from api.auth import AdminUser, EditorUser, PrimaryConnDep
from core.errors import (
    Conflict,
    DatabaseUnavailable,
    DataError,
    InvalidParameter,
    NotFound,
    PayloadTooLarge,
    UnsupportedMediaType,
)
from core.settings import Settings
from etl.register_messages import in_lang, say

router = APIRouter(prefix="/register", tags=["register editing"])
ACCEPTED = {  # extension -> content types browsers and scripts send for it
    ".csv": {"text/csv", "application/csv", "text/plain", "application/vnd.ms-excel"},
    ".xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/octet-stream"},
}
CHUNK = 64 * 1024
FIRST_PROBLEMS = 100  # an answer lists these; the whole list is downloadable
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
def upload_register(request: Request, file: UploadFile, user: EditorUser, conn: PrimaryConnDep,
                    skip_invalid: Annotated[bool, Form()] = False, replace: Annotated[bool, Form()] = False,
                    dry_run: Annotated[bool, Form()] = False,
                    confirm: Annotated[str | None, Form(description="SHA-256 of the previewed file")] = None,
                    lang: Annotated[Literal["fr", "en"], Form(description="language of the messages")] = "fr",
                    mapping: Annotated[str | None, Form(description="column mapping, one 'label in the file=register "
                                                        "column' a line (the CLI's --map)")] = None,
                    profile: Annotated[str | None, Form(description="name of a saved column mapping: used, and "
                                                        "updated with `mapping` when given (the CLI's --profile)")]
                    = None) -> dict:
    from etl.register import import_register
    from etl.register_profiles import resolve
    from etl.register_revisions import Actor

    settings: Settings = request.app.state.settings
    columns = resolve(settings.database_url, (profile or "").strip() or None, mapping_lines(mapping))
    with tempfile.TemporaryDirectory(prefix="clsm-upload-") as folder:
        path = _save(file, Path(folder), settings.max_upload_bytes)
        # Import, coverage refresh, revision and audit event: one transaction (old or new register,
        # never a mix). Rejected rows go to a throwaway file: they hold contacts.
        try:
            result = import_register(settings.database_url, path, skip_invalid=skip_invalid, replace=replace,
                                     rejects_path=Path(folder) / "rejets.csv", dry_run=dry_run,
                                     actor=Actor(user.username, user.role), refresh=True, confirm=confirm,
                                     lock_timeout_ms=LOCK_TIMEOUT_MS, profile=columns)
        except DataError as exc:
            raise _first_problems(conn, user, file.filename, _in_lang(exc, file.filename, skip_invalid, lang)) from None
        except psycopg.errors.LockNotAvailable as exc:
            raise Conflict("the register is being edited or imported by someone else; try again in a minute") from exc
        except psycopg.OperationalError as exc:  # server restarted or unreachable: the transaction rolled back
            raise DatabaseUnavailable("the database connection was lost during the import; nothing was changed, "
                                      "retry shortly") from exc
    if not result.loaded and not result.errors and not dry_run:
        raise InvalidParameter("the file holds no council")
    if not dry_run:
        request.app.state.data_state = None  # see register_edit.forget_data_version
    errors = [in_lang(p, lang).as_dict() for p in result.errors]
    url = _keep_problems(conn, user, file.filename, errors) if len(errors) > FIRST_PROBLEMS else None
    return {"file": file.filename, "sha256": result.sha256, "dry_run": dry_run, "blocked": result.blocked,
            "revision": result.revision, "loaded": result.loaded, "rejected": result.rejected,
            "inserted": result.inserted, "updated": result.updated, "removed": result.removed,
            "diff": _diff_in_lang(result.diff.as_dict(), lang), "notes": [say(n, lang) for n in result.notes],
            "error_count": len(errors),
            "errors": errors[:FIRST_PROBLEMS], "problems_url": url,
            "warnings": [in_lang(p, lang).as_dict() for p in result.warnings],
            "skipped": [in_lang(p, lang).as_dict() for p in result.skipped]}


def mapping_lines(text: str | None) -> list[str]:
    """The form's text area, one --map item a line (blank lines ignored)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _diff_in_lang(diff: dict, lang: str) -> dict:
    return {**diff, "kept": [{**k, "reason": say(k["reason"], lang)} for k in diff["kept"]]}


def _in_lang(exc: DataError, file_name: str | None, skip_invalid: bool, lang: str) -> DataError:
    """The refusal in the user's language, with what to do next (and no server path in it)."""
    rows = len({p.row for p in exc.problems if p.row is not None})
    if lang == "fr":
        detail = f"{file_name} : {len(exc.problems)} problème(s) dans {rows} ligne(s) ; rien n'a été chargé."
        hint = " Corrigez ces lignes, ou chargez les lignes valides (skip_invalid)." if not skip_invalid else ""
    else:
        detail = f"{file_name}: {len(exc.problems)} problem(s) in {rows} row(s); nothing was loaded."
        hint = " Correct these rows, or load the valid rows (skip_invalid)." if not skip_invalid else ""
    problems = [in_lang(p, lang) for p in exc.problems]
    if not rows and problems:  # the file itself (size, format, header): its reason is the detail
        detail = f"{file_name} : {problems[0].reason}" if lang == "fr" else f"{file_name}: {problems[0].reason}"
    return DataError(detail + (hint if rows else ""), problems)


def _keep_problems(conn, user, file_name: str | None, problems: list[dict]) -> str:
    """The whole list of a long report, kept for download; the answer carries the first ones."""
    report_id = secrets.token_urlsafe(16)
    conn.execute(text("INSERT INTO register.import_problems (id, username, file_name, problems) "
                      "VALUES (:i, :u, :f, CAST(:p AS jsonb))"),
                 {"i": report_id, "u": user.username, "f": file_name, "p": json.dumps(problems, default=str)})
    conn.commit()
    return f"/api/v1/register/imports/problems/{report_id}"


def _first_problems(conn, user, file_name: str | None, exc: DataError) -> DataError:
    count = len(exc.problems)
    if count <= FIRST_PROBLEMS:
        return exc
    url = _keep_problems(conn, user, file_name, [p.as_dict() for p in exc.problems])
    short = DataError(f"{exc.detail} — the first {FIRST_PROBLEMS} of {count} problems are listed here; all of "
                      f"them: {url}", exc.problems[:FIRST_PROBLEMS])
    short.extra = {"problem_count": count, "problems_url": url}
    return short


@router.get("/imports/problems/{report_id}", summary="Every problem of a long upload report, as CSV "
            "(editor, admin)", response_class=PlainTextResponse)
def import_problems(report_id: str, user: EditorUser, conn: PrimaryConnDep) -> PlainTextResponse:
    row = conn.execute(text("SELECT file_name, problems FROM register.import_problems WHERE id = :i"),
                       {"i": report_id}).first()
    if row is None:
        raise NotFound("no such import report (reports are kept for the upload that made them)")
    out = io.StringIO()
    writer = csv.DictWriter(out, ["file", "row", "column", "value", "reason"], delimiter=";")
    writer.writeheader()
    writer.writerows({**p, "file": row.file_name or p.get("file")} for p in row.problems)
    return PlainTextResponse(out.getvalue(), media_type="text/csv; charset=utf-8",
                             headers={"Cache-Control": "private, no-store"})


def _revision_write(request: Request, action) -> dict:
    """A revert or a restore with the full coverage refresh, in one transaction."""
    from core.db import raw_connection
    from etl.coverage import refresh_coverage

    settings: Settings = request.app.state.settings
    try:
        with raw_connection(settings.database_url) as pg, pg.transaction():
            pg.execute(f"SET LOCAL lock_timeout = {LOCK_TIMEOUT_MS}")
            answer = action(pg)
            refresh_coverage(pg)
    except psycopg.errors.LockNotAvailable as exc:
        raise Conflict("the register is being edited or imported by someone else; try again in a minute") from exc
    except psycopg.OperationalError as exc:
        raise DatabaseUnavailable("the database connection was lost; nothing was changed, retry shortly") from exc
    request.app.state.data_state = None
    return answer


@router.get("/revisions", summary="Register revisions (imports, reverts, restores) and archived councils "
            "(editor, admin)")
def register_revisions(user: EditorUser, conn: PrimaryConnDep) -> dict:
    rows = conn.execute(text("SELECT id, at, username, action, file_name, counts, removed_ids, reverts, reverted_by "
                             "FROM register.revision ORDER BY id DESC LIMIT 50")).mappings().all()
    archived = conn.execute(text("SELECT council_id, name, revision_id, restored_at FROM register.council_archive "
                                 "ORDER BY revision_id DESC, council_id")).mappings().all()
    return {"revisions": [dict(r) for r in rows], "archived": [dict(a) for a in archived]}


@router.post("/revisions/revert", summary="Put the register back exactly as it was before the latest import "
             "(admin); 409 when councils were edited since, unless force")
def revert_register(request: Request, user: AdminUser,
                    force: Annotated[bool, Query(description="Revert even if councils were edited since the "
                                                 "import (their edits are undone too).")] = False) -> dict:
    from etl.register_revisions import Actor, revert

    def action(pg):
        undone, revision = revert(pg, Actor(user.username, user.role), force)
        return {"reverted": undone, "revision": revision}
    return _revision_write(request, action)


@router.post("/archive/{council_id}/restore", summary="Bring back a council an import removed, with its history, "
             "territory, funding and contacts (editor, admin)")
def restore_council(request: Request, council_id: str, user: EditorUser) -> dict:
    from etl.register_revisions import Actor
    from etl.register_revisions import restore_council as restore

    return _revision_write(request, lambda pg: {"restored": council_id,
                                                "revision": restore(pg, council_id, Actor(user.username, user.role))})
