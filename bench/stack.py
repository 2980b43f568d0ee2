"""The production stack on loopback: scripts/serve.sh (uvicorn workers + gunicorn) behind the real
nginx rendered from deploy/nginx-clsm.conf. Used by tests/test_serving.py and bench/load.py."""
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from core.settings import PROJECT_ROOT, Settings

NGINX_SITE = PROJECT_ROOT / "deploy" / "nginx-clsm.conf"


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not found:
        raise RuntimeError("nginx is required: run `make system-deps`")
    return found


def free_ports(count: int) -> list[int]:
    """Distinct ports free now: all bound at once (ports taken one by one could repeat), then released."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def wait_port(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


# Per request: the visitor, the benchmark's request id, nginx's whole time and the upstream's share.
TIMED_LOG = ("log_format timed '$msec $http_x_forwarded_for $http_x_bench_id $status $request_time "
             "$upstream_connect_time $upstream_header_time $upstream_response_time \"$request\"';")


def render_nginx(folder: Path, listen: int, api: int, dashboard: int, access_log: bool = False) -> Path:
    """The site file with its @NAMES@ filled in, wrapped in a minimal main configuration; access_log:
    timings of every request into folder/access.log (buffered, for the load benchmark)."""
    site = NGINX_SITE.read_text()
    for name, value in {"@LISTEN@": f"127.0.0.1:{listen}", "@API@": f"127.0.0.1:{api}",
                        "@DASHBOARD@": f"127.0.0.1:{dashboard}", "@CACHE_DIR@": str(folder / "cache"),
                        "@SERVER_NAME@": "localhost"}.items():
        site = site.replace(name, value)
    (folder / "clsm.conf").write_text(site)
    temps = "\n".join(f"  {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi",
                                                                           "uwsgi", "scgi"))
    logging = f"{TIMED_LOG} access_log {folder / 'access.log'} timed buffer=256k flush=5s;" if access_log else \
        "access_log off;"
    main = folder / "nginx.conf"
    main.write_text(f"""{"user root;" if os.geteuid() == 0 else ""}
worker_processes 2;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 4096; }}
http {{
  include /etc/nginx/mime.types;
  {logging}
{temps}
  include {folder / "clsm.conf"};
}}
""")
    return main


@dataclass
class Stack:
    url: str  # through nginx
    api_url: str
    dashboard_url: str
    folder: Path
    processes: list[subprocess.Popen] = field(default_factory=list)

    def _pids(self) -> list[int]:
        groups = {p.pid for p in self.processes}
        listing = subprocess.run(["ps", "-e", "-o", "pid=,pgid="], capture_output=True, text=True).stdout
        return [int(pid) for pid, pgid in (line.split() for line in listing.splitlines()) if int(pgid) in groups]

    def run_queue_seconds(self) -> float:
        """Time the servers' and nginx's threads spent ready to run but waiting for a CPU, so far
        (/proc/*/task/*/schedstat): on a shared machine, what the others' load cost them."""
        waited = 0
        for pid in self._pids():
            for stat in Path(f"/proc/{pid}/task").glob("*/schedstat"):
                try:
                    waited += int(stat.read_text().split()[1])
                except (OSError, IndexError, ValueError):
                    continue
        return waited / 1e9

    def cpu_seconds(self) -> float:
        """CPU used so far by the servers and nginx (every process of their groups; not PostgreSQL)."""
        groups = {p.pid for p in self.processes}
        listing = subprocess.run(["ps", "-e", "-o", "pid=,pgid=,times="], capture_output=True, text=True).stdout
        return sum(int(t) for pid, pgid, t in (line.split() for line in listing.splitlines()) if int(pgid) in groups)

    def stop(self) -> None:
        for process in self.processes:  # each was started in a session of its own: stop its group
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
        for process in self.processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        shutil.rmtree(self.folder, ignore_errors=True)


def start_stack(settings: Settings, access_log: bool = False, **env: str) -> Stack:
    """env: extra CLSM_* variables for both services (limits, workers); access_log: nginx's timings
    into folder/access.log."""
    folder = Path(tempfile.mkdtemp(prefix="clsm-stack-"))
    api, dashboard, listen = free_ports(3)
    environment = {**os.environ, "DATABASE_URL": settings.database_url, "CLSM_API_PORT": str(api),
                   "CLSM_DASHBOARD_PORT": str(dashboard), "CLSM_API_BASE_URL": f"http://127.0.0.1:{api}",
                   "CLSM_SECRET_KEY_FILE": str(folder / "secret_key"), **env}
    environment.pop("CLSM_SECRET_KEY", None)
    stack = Stack(f"http://127.0.0.1:{listen}", f"http://127.0.0.1:{api}", f"http://127.0.0.1:{dashboard}", folder)
    try:
        stack.processes.append(subprocess.Popen(["bash", str(PROJECT_ROOT / "scripts" / "serve.sh")],
                                                env=environment, cwd=PROJECT_ROOT, start_new_session=True,
                                                stdout=open(folder / "serve.log", "w"), stderr=subprocess.STDOUT))
        (folder / "cache").mkdir()
        main = render_nginx(folder, listen, api, dashboard, access_log)
        stack.processes.append(subprocess.Popen([nginx_binary(), "-c", str(main), "-p", str(folder),
                                                 "-g", "daemon off;"], start_new_session=True,
                                                stdout=subprocess.DEVNULL, stderr=open(folder / "nginx.err", "w")))
        for port in (api, dashboard, listen):
            wait_port(port)
    except Exception:
        log = (folder / "serve.log").read_text() if (folder / "serve.log").exists() else ""
        stack.stop()
        raise RuntimeError(f"the stack did not start:\n{log[-3000:]}") from None
    return stack
