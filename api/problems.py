"""RFC 9457 problem details, one mapping from the exception hierarchy to HTTP."""
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError as SqlDataError
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from core.errors import ClsmError, DataError

PROBLEM = "application/problem+json"
HTTP_TITLES = {404: "Not found", 405: "Method not allowed", 400: "Bad request"}


def problem(status: int, title: str, detail: str, **extra) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def install(app: FastAPI) -> None:
    @app.exception_handler(ClsmError)
    async def _clsm(request: Request, exc: ClsmError):
        extra = dict(exc.extra)
        if isinstance(exc, DataError):
            extra["errors"] = [p.as_dict() for p in exc.problems]
        extra.pop("retry_after", None)
        response = problem(exc.status, exc.title, exc.detail, instance=str(request.url.path), **extra)
        if getattr(exc, "retry_after", None) is not None:
            response.headers["Retry-After"] = str(exc.retry_after)
        if exc.status == 401:
            response.headers["WWW-Authenticate"] = "Bearer"
        return response

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        errors = [{"parameter": ".".join(str(p) for p in e["loc"][1:]) or e["loc"][0], "in": e["loc"][0],
                   "reason": e["msg"]} for e in exc.errors()]
        names = ", ".join(e["parameter"] for e in errors)
        return problem(422, "Invalid parameter", f"invalid value for: {names}", errors=errors,
                       instance=str(request.url.path))

    @app.exception_handler(OperationalError)
    async def _db_down(request: Request, exc: OperationalError):
        return problem(503, "Database unavailable", "the database cannot be reached; retry shortly")

    @app.exception_handler(SqlDataError)
    async def _bad_value(request: Request, exc: SqlDataError):
        # A value the database cannot take (e.g. a NUL byte) is the caller's error, not ours.
        return problem(422, "Invalid parameter", "a parameter has a value the database cannot accept",
                       instance=str(request.url.path))

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError):
        """A constraint the database enforces: the caller's value, not our fault (never a 500)."""
        diag = getattr(exc.orig, "diag", None)
        detail = (getattr(diag, "message_detail", None) or "").replace('"', "'")
        code = getattr(exc.orig, "sqlstate", None)
        if code == "23505":  # unique_violation, e.g. two creations of one id at the same time
            return problem(409, "Conflict", f"this already exists: {detail}".rstrip(": "),
                           instance=str(request.url.path))
        if code == "23503":  # foreign_key_violation: a code that refers to nothing
            return problem(422, "Invalid parameter", f"unknown code: {detail}".rstrip(": "),
                           instance=str(request.url.path))
        return problem(422, "Invalid parameter", "a value breaks a rule of the register "
                       f"({getattr(diag, 'constraint_name', None) or 'constraint'})", instance=str(request.url.path))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        """404 (no such route), 405 (method): problem documents like every other error."""
        response = problem(exc.status_code, HTTP_TITLES.get(exc.status_code, "Error"),
                           exc.detail if isinstance(exc.detail, str) else str(exc.detail),
                           instance=str(request.url.path))
        response.headers.update(exc.headers or {})
        return response

    @app.exception_handler(DBAPIError)
    async def _db_error(request: Request, exc: DBAPIError):
        if exc.connection_invalidated:
            return problem(503, "Database unavailable", "the database connection was lost; retry shortly")
        raise exc
