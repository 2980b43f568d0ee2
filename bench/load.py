"""The public at the door: 200 visitors from distinct addresses within 60 s, through nginx in front
of `make run`'s servers (uvicorn workers, gunicorn), plus one abusive address hammering the site.

Each visitor replays what a real Chromium fetched to show two pages (the page, Dash's layout and
dependencies, every callback with its recorded body, the map's layer files), as a browser would: up to 6 keep-alive
connections, requests over them as they free up. 'Page data' is the time from the page request to
the last callback or layer answer (scripts and styles come from the browser cache after the first visit and
are left out). Baseline: the same replay by a lone visitor on the idle stack, in the same run, after
a warm-up pass (the first visitors of each dashboard worker build its answer cache: 1-3 s a page).

The generator shares the machine with what it measures, so it must be light: one process on uvloop
with a bare HTTP/1.1 client (httptools parser) for the visitors, one for the abuser; its CPU and
its event loop's lag are reported. Each request carries X-Bench-Id; nginx logs its own time and its
upstream's for that id, so a slow page splits into waiting in the generator, in nginx, in a server."""
import asyncio
import json
import multiprocessing
import os
import random
import statistics
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httptools
import psycopg
import uvloop

from bench.common import percentile, row
from bench.live import chromium
from bench.stack import start_stack
from core.db import psycopg_dsn
from core.settings import Settings

VISITORS = 200
ARRIVALS_S = 60
# Ready: the map's councils and QPV drawn (counted on the map's element: its canvas has no element per
# feature); the overview's headline figures.
PAGES = {"/": "#map[data-drawn-layer-councils][data-drawn-layer-qpv]", "/vue-ensemble": "#kpis .kpi"}
THINK_S = (2.0, 6.0)
PARALLEL = 6  # a browser's connections per host
ABUSER = "203.0.113.66"
ABUSER_LOOPS = 4
ABUSE_PER_S = 100  # 20x the API's limit; paced, so its volume does not grow as refusals get cheaper
TIMEOUT_S = 60
RECORDER = """
window.__calls = [];
const realFetch = window.fetch;
window.fetch = function (input, init) {
  init = init || {};
  window.__calls.push({url: typeof input === "string" ? input : input.url, method: init.method || "GET",
                       body: typeof init.body === "string" ? init.body : null});
  return realFetch.apply(this, arguments);
};
"""


def record(site: str) -> dict[str, list[dict]]:
    """The data requests each page makes, as Chromium made them (fetch wrapped before Dash loads)."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver = chromium()
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORDER})
        pages = {}
        for path, ready in PAGES.items():
            driver.get(site + path)
            WebDriverWait(driver, 120).until(lambda d: d.find_elements("css selector", ready))
            time.sleep(2)  # late callbacks (chained ones)
            calls = driver.execute_script("return window.__calls")
            # Dash's requests and the map's layer files (Leaflet fetches them: a new visitor downloads them)
            pages[path] = [{**c, "url": "/" + c["url"].split("://", 1)[-1].split("/", 1)[-1]
                            if "://" in c["url"] else c["url"]}
                           for c in calls if "/_dash-" in c["url"] or "/couches/" in c["url"]]
        return pages
    finally:
        driver.quit()


@dataclass
class Fetch:
    """One request as the generator saw it (perf_counter seconds): wanted, got a connection, first
    byte, last byte. bench_id matches nginx's log."""
    bench_id: str
    kind: str  # page, boot, callback, abuse
    url: str  # for a callback: its output too
    wanted: float
    sent: float = 0.0
    first: float = 0.0
    done: float = 0.0
    status: int = 0
    error: str = ""


class _Answer:
    """httptools callbacks: the status, the body's size (read raw: nothing decompressed), the end."""
    __slots__ = ("size", "complete")

    def __init__(self):
        self.size, self.complete = 0, False

    def on_body(self, body: bytes) -> None:
        self.size += len(body)

    def on_message_complete(self) -> None:
        self.complete = True


class Browser:
    """A visitor's connections to the site: at most PARALLEL, kept alive, reused as they free up."""

    def __init__(self, host: str, port: int, address: str, log: list):
        self.host, self.port, self.address, self.log = host, port, address, log
        self.gate = asyncio.Semaphore(PARALLEL)
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []

    async def _exchange(self, connection, request: bytes, fetch: Fetch) -> bool:
        reader, writer = connection
        writer.write(request)
        answer = _Answer()
        parser = httptools.HttpResponseParser(answer)
        while not answer.complete:
            data = await reader.read(262144)
            if not data:
                raise ConnectionError("closed by the server")
            if not fetch.first:
                fetch.first = time.perf_counter()
            parser.feed_data(data)
        fetch.status = parser.get_status_code()
        return parser.should_keep_alive()

    async def fetch(self, kind: str, method: str, url: str, body: str | None = None, label: str = "",
                    page: str | None = None) -> Fetch:
        fetch = Fetch(f"{self.address}/{len(self.log)}", kind, url + label, time.perf_counter())
        self.log.append(fetch)
        payload = (body or "").encode()
        head = (f"{method} {url} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nX-Forwarded-For: {self.address}\r\n"
                f"Accept-Encoding: gzip, br\r\nX-Bench-Id: {fetch.bench_id}\r\n")
        if page is not None:  # as a browser sends it: the dashboard builds a page's first view from it
            head += f"Referer: http://{self.host}:{self.port}{page}\r\n"
        if body is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n"
        request = head.encode() + b"\r\n" + payload
        async with self.gate:
            fetch.sent = time.perf_counter()
            for attempt in (1, 2):  # a kept connection closed meanwhile: a browser retries on a new one
                reused = bool(self.idle)
                connection = self.idle.pop() if reused else None
                try:
                    if connection is None:
                        connection = await asyncio.open_connection(self.host, self.port)
                    keep = await asyncio.wait_for(self._exchange(connection, request, fetch), TIMEOUT_S)
                except (OSError, asyncio.TimeoutError, httptools.HttpParserError) as exc:
                    if connection is not None:
                        connection[1].close()
                    if reused and not fetch.first and attempt == 1:
                        continue
                    fetch.error = f"{type(exc).__name__} {url}"
                    break
                (self.idle.append if keep else lambda c: c[1].close())(connection)
                break
        fetch.done = time.perf_counter()
        if not fetch.error and fetch.status >= 400:
            fetch.error = f"{fetch.status} {url}"
        return fetch

    def close(self) -> None:
        for _, writer in self.idle:
            writer.close()


def _output(body: str | None) -> str:
    try:
        return " " + json.loads(body or "{}").get("output", "")[:60]
    except (ValueError, AttributeError):
        return ""


async def load_page(browser: Browser, path: str, calls: list[dict]) -> tuple[float, list[str]]:
    start = time.perf_counter()
    fetches = [await browser.fetch("page", "GET", path)]
    boot = [c for c in calls if c["method"] == "GET"]
    callbacks = [c for c in calls if c["method"] == "POST"]
    fetches += await asyncio.gather(*(browser.fetch("boot", "GET", c["url"], page=path) for c in boot))
    fetches += await asyncio.gather(*(browser.fetch("callback", "POST", c["url"], c["body"], _output(c["body"]), path)
                                      for c in callbacks))
    return time.perf_counter() - start, [f.error for f in fetches if f.error]


def _host_port(site: str) -> tuple[str, int]:
    host, port = site.removeprefix("http://").rsplit(":", 1)
    return host, int(port)


async def visitor(site: str, pages: dict, n: int, delay: float, out: list, log: list) -> None:
    await asyncio.sleep(delay)
    browser = Browser(*_host_port(site), f"10.{n // 250}.{n % 250}.{1 + n % 200}", log)
    try:
        for i, (path, calls) in enumerate(pages.items()):
            if i:
                await asyncio.sleep(random.uniform(*THINK_S))
            out.append(await load_page(browser, path, calls))
    finally:
        browser.close()


async def _loop_lag(until: float, lags: list) -> None:
    """How late the generator's event loop wakes up: above a few ms, the generator measures itself."""
    while time.perf_counter() < until:
        start = time.perf_counter()
        await asyncio.sleep(0.05)
        lags.append(time.perf_counter() - start - 0.05)


async def _visitors(site: str, pages: dict, start_at: float) -> tuple:
    await asyncio.sleep(max(0.0, start_at - time.time()))
    results, log, lags, cpu = [], [], [], time.process_time()
    lag = asyncio.ensure_future(_loop_lag(time.perf_counter() + ARRIVALS_S + 30, lags))
    await asyncio.gather(*(visitor(site, pages, n, n * ARRIVALS_S / VISITORS, results, log) for n in range(VISITORS)))
    lag.cancel()
    return results, log, lags, time.process_time() - cpu


async def _abuse(site: str, start_at: float, seconds: float) -> tuple:
    """ABUSER_LOOPS requests at a time from one address, ABUSE_PER_S in all (fewer if the answers are
    slower than that)."""
    await asyncio.sleep(max(0.0, start_at - time.time()))
    log, cpu = [], time.process_time()
    browser = Browser(*_host_port(site), ABUSER, log)
    until = time.perf_counter() + seconds

    async def hammer():
        pace = ABUSER_LOOPS / ABUSE_PER_S
        while (now := time.perf_counter()) < until:
            await browser.fetch("abuse", "GET", "/api/v1/coverage/summary")
            await asyncio.sleep(max(0.0, now + pace - time.perf_counter()))

    await asyncio.gather(*(hammer() for _ in range(ABUSER_LOOPS)))
    browser.close()
    return [f.status for f in log], time.process_time() - cpu


def _run_abuser(args: tuple) -> tuple:
    return uvloop.run(_abuse(*args))


def run_load(site: str, pages: dict) -> dict:
    """The visitors in this process, the abuser in another (it is another machine in real life)."""
    start_at = time.time() + 3
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        abuser = pool.apply_async(_run_abuser, ((site, start_at, ARRIVALS_S),))
        results, log, lags, cpu = uvloop.run(_visitors(site, pages, start_at))
        abuse, abuser_cpu = abuser.get()
    return {"results": results, "log": log, "lags": lags, "took": time.time() - start_at, "cpu": cpu,
            "abuse": abuse, "abuser_cpu": abuser_cpu}


async def _lone(site: str, pages: dict, runs: int) -> list[float]:
    times = []
    for i in range(runs):
        browser = Browser(*_host_port(site), f"192.0.2.{i + 1}", [])
        for path, calls in pages.items():
            times.append((await load_page(browser, path, calls))[0])
        browser.close()
    return times


def lone_visitor(site: str, pages: dict, runs: int = 5) -> list[float]:
    return uvloop.run(_lone(site, pages, runs))


class Sampler(threading.Thread):
    """Every 0.5 s during the load: PostgreSQL sessions by state and wait event, and those waiting on a
    lock (the rate counters' rows?)."""

    def __init__(self, database_url: str):
        super().__init__(daemon=True)
        self.dsn, self.samples, self.halt = psycopg_dsn(database_url), [], threading.Event()

    def run(self) -> None:
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            while not self.halt.wait(0.5):
                self.samples.append(conn.execute(
                    "SELECT state, coalesce(wait_event_type, ''), coalesce(wait_event, ''), count(*) "
                    "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
                    "GROUP BY 1, 2, 3").fetchall())

    def summary(self) -> dict:
        counts: dict[str, float] = {}
        for sample in self.samples:
            for state, kind, event, n in sample:
                if state == "active":
                    key = f"active {kind}:{event}".rstrip(":")
                    counts[key] = counts.get(key, 0) + n
        return {k: round(v / max(1, len(self.samples)), 2) for k, v in sorted(counts.items(), key=lambda x: -x[1])}


def nginx_times(access_log: Path) -> dict[str, tuple[float, float]]:
    """bench id -> (nginx's time, the upstream's time) in seconds."""
    times = {}
    if not access_log.is_file():
        return times
    for line in access_log.read_text().splitlines():
        parts = line.split(" ", 8)
        if len(parts) < 8 or parts[2] == "-":
            continue
        upstream = sum(float(t) for t in parts[7].replace(":", ",").split(",") if t.strip() not in ("-", ""))
        times[parts[2]] = (float(parts[4]), upstream)
    return times


def abuse_reaching_servers(access_log: Path) -> int:
    """The abuser's requests nginx passed on (the others it refused itself)."""
    if not access_log.is_file():
        return -1
    return sum(1 for line in access_log.read_text().splitlines()
               if (parts := line.split(" ", 8))[1:2] == [ABUSER] and len(parts) > 7 and parts[7] != "-")


def where_the_time_goes(log: list[Fetch], served: dict[str, tuple[float, float]]) -> dict:
    """Medians and p95 per kind of request: waiting for one of the visitor's 6 connections, in nginx
    (its time minus the upstream's), in the upstream server, and the rest (the generator or the network
    stack being late to read: a CPU-starved generator shows here)."""
    out = {}
    for kind in ("page", "boot", "callback", "abuse"):
        parts = {"total": [], "connection wait": [], "upstream": [], "nginx": [], "generator+kernel": []}
        for f in (f for f in log if f.kind == kind and f.done and not f.error):
            total = f.done - f.wanted
            nginx, upstream = served.get(f.bench_id, (None, None))
            parts["total"].append(total)
            parts["connection wait"].append(f.sent - f.wanted)
            if nginx is not None:
                parts["upstream"].append(upstream)
                parts["nginx"].append(max(0.0, nginx - upstream))
                parts["generator+kernel"].append(max(0.0, f.done - f.sent - nginx))
        if parts["total"]:
            out[kind] = {k: f"{statistics.median(v):.3f} / {percentile(v, 95):.3f}" for k, v in parts.items() if v}
            out[kind]["n"] = len(parts["total"])
    by_url: dict[str, list[float]] = {}
    for f in log:
        if f.bench_id in served and f.kind != "abuse":
            by_url.setdefault(f.url, []).append(served[f.bench_id][1])
    slowest = sorted(by_url.items(), key=lambda item: -percentile(item[1], 95))[:8]
    out["upstream p50 / p95 by URL, slowest"] = {
        url: f"{statistics.median(v):.3f} / {percentile(v, 95):.3f} (n={len(v)})" for url, v in slowest}
    # Slow answers bunched in a few seconds are stalls of the whole machine, not of one request.
    start = min((f.wanted for f in log), default=0.0)
    slow = [int((f.wanted - start) // 5) * 5 for f in log
            if f.kind != "abuse" and served.get(f.bench_id, (0, 0))[1] > 0.5]
    out["visitors' requests over 0.5 s upstream, by 5 s of the run"] = {
        f"{t}s": slow.count(t) for t in sorted(set(slow))}
    return out


def run(database_url: str) -> list[dict]:
    stack = start_stack(Settings(database_url=database_url), access_log=True)
    sampler = Sampler(database_url)
    try:
        pages = record(stack.url)
        requests_per_visit = sum(1 + len(c) for c in pages.values())
        lone_visitor(stack.url, pages, 3)  # warm-up: each dashboard worker keeps its own answers
        idle = lone_visitor(stack.url, pages)
        served_cpu, queued = stack.cpu_seconds(), stack.run_queue_seconds()
        sampler.start()
        load = run_load(stack.url, pages)
        sampler.halt.set()
        served_cpu, queued = stack.cpu_seconds() - served_cpu, stack.run_queue_seconds() - queued
        time.sleep(6)  # nginx flushes its log buffer every 5 s
        served = nginx_times(stack.folder / "access.log")
        abuse_served = abuse_reaching_servers(stack.folder / "access.log")
    finally:
        sampler.halt.set()
        stack.stop()
    times = [t for t, _ in load["results"]]
    errors = [e for _, errs in load["results"] for e in errs]
    abuse = load["abuse"]
    idle_p95 = percentile(idle, 95)
    lags = load["lags"] or [0.0]
    print(json.dumps({
        "errors": errors[:10], "abuser_codes": {c: abuse.count(c) for c in set(abuse)},
        "abuser_requests_passed_by_nginx": abuse_served,
        "requests_per_visit": requests_per_visit, "took_s": round(load["took"], 1),
        "generator_cpu_s": round(load["cpu"], 1), "abuser_cpu_s": round(load["abuser_cpu"], 1),
        "generator_loop_lag_ms_p50_p95_max": [round(1000 * x, 1) for x in
                                              (statistics.median(lags), percentile(lags, 95), max(lags))],
        "servers_cpu_s": served_cpu, "servers_waiting_for_a_cpu_s": round(queued, 1),
        "load_average_1_5_15": [round(x, 1) for x in os.getloadavg()], "lone_visitor_s": [round(t, 3) for t in idle],
        "seconds_median_p95_by_request_kind": where_the_time_goes(load["log"], served),
        "postgres_sessions_mean": sampler.summary()}, indent=1))
    return [
        row(f"page data p95, {VISITORS} visitors in {ARRIVALS_S} s via nginx ({len(times)} pages, "
            f"{requests_per_visit} requests a visit)", percentile(times, 95), "s", "lone visitor p95", idle_p95,
            "< 1.5 s"),
        row("page data p50, same load", percentile(times, 50), "s", "lone visitor p50", percentile(idle, 50)),
        row("errors seen by the visitors", len(errors), "requests", goal="0"),
        row("CPU of the servers and nginx per page view, during the load", served_cpu / max(1, len(times)), "s",
            goal="x 400 pages / 60 s < 2 cores"),
        row("CPU of the load generator (visitors + abuser) per page view", (load["cpu"] + load["abuser_cpu"])
            / max(1, len(times)), "s", goal="small next to the servers'"),
        row(f"abusive address: share of its {len(abuse)} requests answered 429", abuse.count(429) / max(1, len(abuse)),
            "share", goal="> 0 (throttled)"),
    ]
