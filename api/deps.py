"""FastAPI dependencies as Annotated aliases (SessionDep, SettingsDep)."""
from collections.abc import AsyncIterator, Iterator
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


class ReadConnection:
    """A read connection taken from the pool at its first use, in the thread of the sync endpoint that
    uses it: the dependency itself does no blocking work, so it is async and costs no thread-pool
    hops to enter and leave (a sync generator took two per request, on top of the endpoint's)."""

    def __init__(self, url: str):
        self._url, self._opened, self._connection = url, None, None

    def __getattr__(self, name: str):
        if self._connection is None:
            self._opened = connection_to(self._url, read_only=True)
            self._connection = next(self._opened)
        return getattr(self._connection, name)

    def release(self) -> None:
        """Back to the pool: no I/O for an autocommit connection (nothing to roll back)."""
        if self._connection is not None:
            self._opened.close()


async def get_connection(request: Request) -> AsyncIterator[Connection]:
    """A read connection (the read replica when configured)."""
    settings: Settings = request.app.state.settings
    connection = ReadConnection(settings.read_database_url or settings.database_url)
    try:
        yield connection
    finally:
        connection.release()


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
ConnDep = Annotated[Connection, Depends(get_connection)]
