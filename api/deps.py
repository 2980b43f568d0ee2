"""FastAPI dependencies as Annotated aliases (SessionDep, SettingsDep)."""
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError

from core.db import get_engine
from core.errors import DatabaseUnavailable
from core.settings import Settings


def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


def connection_to(url: str, read_only: bool = False) -> Iterator[Connection]:
    """A pooled connection, closed after the request; an unreachable database is a 503. A read-only
    one runs in autocommit: no BEGIN and ROLLBACK round trips around the reads (each statement still
    sees one snapshot, as under READ COMMITTED)."""
    try:
        connection = get_engine(url).connect()
        if read_only:
            connection = connection.execution_options(isolation_level="AUTOCOMMIT")
    except OperationalError as exc:
        raise DatabaseUnavailable("the database cannot be reached; retry shortly") from exc
    try:
        yield connection
    finally:
        connection.close()


def get_connection(request: Request) -> Iterator[Connection]:
    """A read connection (the read replica when configured)."""
    settings: Settings = request.app.state.settings
    yield from connection_to(settings.read_database_url or settings.database_url, read_only=True)


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
ConnDep = Annotated[Connection, Depends(get_connection)]
