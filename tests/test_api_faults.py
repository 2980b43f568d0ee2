"""The API survives the database: 503 problem documents during an outage, recovery without restart;
reads go to the read replica when one is configured."""
import psycopg
from fastapi.testclient import TestClient

from api.app import create_app
from core.db import psycopg_dsn
from core.settings import Settings
from tests.conftest import migrate
from tests.pgcluster import TempCluster


def test_outage_gives_503_then_recovers():
    with TempCluster() as cluster:
        with psycopg.connect(psycopg_dsn(cluster.url), autocommit=True) as conn:
            conn.execute("CREATE EXTENSION postgis")
        migrate(cluster.url)
        client = TestClient(create_app(Settings(database_url=cluster.url)))
        assert client.get("/api/v1/health").status_code == 200
        cluster.stop()
        down = client.get("/api/v1/health")
        assert down.status_code == 503
        assert down.headers["content-type"].startswith("application/problem+json")
        assert down.json()["title"] == "Database unavailable"
        cluster.start()
        assert client.get("/api/v1/health").status_code == 200


def test_reads_use_the_read_replica(geography):
    # The primary URL points nowhere: a 200 proves the read went to the replica URL.
    settings = geography.model_copy(update={
        "database_url": "postgresql+psycopg://postgres@127.0.0.1:1/nowhere",
        "read_database_url": geography.database_url,
    })
    client = TestClient(create_app(settings))
    assert client.get("/api/v1/health").status_code == 200
