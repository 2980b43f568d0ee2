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

from bench.live import free_port
from core.settings import PROJECT_ROOT, Settings

NGINX_SITE = PROJECT_ROOT / "deploy" / "nginx-clsm.conf"


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not found:
        raise RuntimeError("nginx is required: run `make system-deps`")
    return found


def wait_port(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


def render_nginx(folder: Path, listen: int, api: int, dashboard: int) -> Path:
    """The site file with its @NAMES@ filled in, wrapped in a minimal main configuration."""
    site = NGINX_SITE.read_text()
    for name, value in {"@LISTEN@": f"127.0.0.1:{listen}", "@API@": f"127.0.0.1:{api}",
                        "@DASHBOARD@": f"127.0.0.1:{dashboard}", "@CACHE_DIR@": str(folder / "cache"),
                        "@SERVER_NAME@": "localhost"}.items():
        site = site.replace(name, value)
    (folder / "clsm.conf").write_text(site)
    temps = "\n".join(f"  {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi",
                                                                           "uwsgi", "scgi"))
    main = folder / "nginx.conf"
    main.write_text(f"""{"user root;" if os.geteuid() == 0 else ""}
worker_processes 2;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 4096; }}
http {{
  include /etc/nginx/mime.types;
  access_log off;
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


def start_stack(settings: Settings, **env: str) -> Stack:
    """env: extra CLSM_* variables for both services (limits, workers)."""
    folder = Path(tempfile.mkdtemp(prefix="clsm-stack-"))
    api, dashboard, listen = free_port(), free_port(), free_port()
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
        main = render_nginx(folder, listen, api, dashboard)
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
