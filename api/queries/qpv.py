"""QPV coverage lists and the priority ranking of uncovered QPV."""
from sqlalchemy import Connection

from api.queries.sqlfiles import paged, sql


def list_qpv(conn: Connection, filters: dict, limit: int, offset: int) -> tuple[list[dict], int]:
    return paged(conn, sql("qpv_list"), {**filters, "limit": limit, "offset": offset})


def priority(conn: Connection, filters: dict, weights: dict, limit: int, offset: int) -> tuple[list[dict], int]:
    rows, total = paged(conn, sql("qpv_priority"), {**filters, **weights, "limit": limit, "offset": offset})
    for r in rows:
        r["weights"] = {k.removeprefix("w_"): v for k, v in weights.items()}
    return rows, total
