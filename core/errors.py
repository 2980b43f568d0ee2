"""One exception hierarchy for the whole project; the API maps each class to an HTTP status."""


class ClsmError(Exception):
    """Base class. ``status`` is the HTTP status the API answers with."""

    status = 500
    title = "Internal error"

    def __init__(self, detail: str, **extra):
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class NotFound(ClsmError):
    status = 404
    title = "Not found"


class InvalidParameter(ClsmError):
    status = 422
    title = "Invalid parameter"


class Conflict(ClsmError):
    status = 409
    title = "Conflict"


class PreconditionFailed(ClsmError):
    status = 412
    title = "Precondition failed"


class Forbidden(ClsmError):
    status = 403
    title = "Forbidden"


class Unauthorized(ClsmError):
    status = 401
    title = "Unauthorized"


class DatabaseUnavailable(ClsmError):
    status = 503
    title = "Database unavailable"


class DataError(ClsmError):
    """A source file failed validation. ``problems`` lists row-level errors."""

    status = 422
    title = "Invalid data"

    def __init__(self, detail: str, problems: list["RowProblem"] | None = None):
        super().__init__(detail)
        self.problems = problems or []

    def __str__(self) -> str:
        lines = [self.detail] + [str(p) for p in self.problems[:50]]
        if len(self.problems) > 50:
            lines.append(f"... and {len(self.problems) - 50} more")
        return "\n".join(lines)


class RowProblem:
    """One problem in one cell of an input file."""

    __slots__ = ("file", "row", "column", "value", "reason")

    def __init__(self, file: str, row: int | None, column: str | None, value, reason: str):
        self.file, self.row, self.column, self.value, self.reason = file, row, column, value, reason

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__slots__}

    def __str__(self) -> str:
        where = f"{self.file}" + (f", row {self.row}" if self.row is not None else "")
        where += f", column {self.column}" if self.column else ""
        value = "" if self.value is None else f" (value {str(self.value)[:60]!r})"
        return f"{where}: {self.reason}{value}"


class TooManyRequests(ClsmError):
    """Rate limit or login lockout; ``retry_after`` seconds go to the Retry-After header."""

    status = 429
    title = "Too many requests"

    def __init__(self, detail: str, retry_after: int):
        super().__init__(detail, retry_after=retry_after)
        self.retry_after = retry_after


class PreconditionRequired(ClsmError):
    status = 428
    title = "Precondition required"


class PayloadTooLarge(ClsmError):
    status = 413
    title = "Payload too large"


class UnsupportedMediaType(ClsmError):
    status = 415
    title = "Unsupported media type"


class StorageError(ClsmError):
    """A file could not be written (disk full, file too large, permission, read-only file system).
    Nothing partial is left behind: see core.files.atomic_path."""

    status = 507
    title = "Insufficient storage"

    def __init__(self, detail: str, reason: str):
        super().__init__(detail)
        self.reason = reason  # without the path: for answers that must not reveal the server's files
