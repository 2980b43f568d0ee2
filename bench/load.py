"""The public at the door: 200 visitors from distinct addresses within 60 s, through nginx in front
of `make run`'s servers (uvicorn workers, gunicorn), plus one abusive address hammering the site.

Each visitor replays what a real Chromium fetched to show two pages (the page, Dash's layout and
dependencies, every callback with its recorded body), as a browser would: up to 6 requests at a
time. 'Page data' is the time from the page request to the last callback answer (scripts and styles
come from the browser cache after the first visit and are left out). Baseline: the same replay by a
lone visitor on the idle stack, in the same run."""
import asyncio
import json
import multiprocessing
import random
import time

import httpx

from bench.common import percentile, row
from bench.live import chromium
from bench.stack import start_stack
from core.settings import Settings

VISITORS = 200
ARRIVALS_S = 60
PAGES = {"/": ".leaflet-overlay-pane path", "/vue-ensemble": "#kpis .kpi"}
THINK_S = (2.0, 6.0)
PARALLEL = 6  # a browser's connections per host
ABUSER = "203.0.113.66"
ABUSER_LOOPS = 4
GENERATORS = 4  # processes replaying the visitors
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
            pages[path] = [c for c in calls if "/_dash-" in c["url"]]
        return pages
    finally:
        driver.quit()


async def load_page(client: httpx.AsyncClient, path: str, calls: list[dict], address: str) -> tuple[float, list]:
    headers = {"X-Forwarded-For": address, "Accept-Encoding": "gzip, br"}
    gate = asyncio.Semaphore(PARALLEL)
    errors = []

    async def fetch(method: str, url: str, body: str | None = None):
        async with gate:
            try:  # read raw: a browser would decompress, but the load generator shares our 2 cores
                async with client.stream(method, url, content=body, headers={
                        **headers, **({"Content-Type": "application/json"} if body else {})}) as answer:
                    async for _ in answer.aiter_raw():
                        pass
                if answer.status_code >= 400 and answer.status_code != 204:
                    errors.append(f"{answer.status_code} {url}")
            except httpx.HTTPError as exc:
                errors.append(f"{type(exc).__name__} {url}")

    start = time.perf_counter()
    await fetch("GET", path)
    boot = [c for c in calls if c["method"] == "GET"]
    callbacks = [c for c in calls if c["method"] == "POST"]
    await asyncio.gather(*(fetch("GET", c["url"]) for c in boot))
    await asyncio.gather(*(fetch("POST", c["url"], c["body"]) for c in callbacks))
    return time.perf_counter() - start, errors


async def visitor(site: str, pages, n: int, delay: float, out: list) -> None:
    """Its own connections, like a browser (one shared pool of 1,200 would cost the generator more)."""
    await asyncio.sleep(delay)
    address = f"10.{n // 250}.{n % 250}.{1 + n % 200}"
    async with httpx.AsyncClient(base_url=site, timeout=60, limits=httpx.Limits(max_connections=PARALLEL)) as client:
        for i, (path, calls) in enumerate(pages.items()):
            if i:
                await asyncio.sleep(random.uniform(*THINK_S))
            out.append(await load_page(client, path, calls, address))


async def abuser(client, until: float, codes: list) -> None:
    while time.perf_counter() < until:
        try:
            answer = await client.get("/api/v1/coverage/summary", headers={"X-Forwarded-For": ABUSER})
            codes.append(answer.status_code)
        except httpx.HTTPError:
            codes.append(0)


async def _share(site: str, pages: dict, visitors: list[int], start_at: float, abusive: bool) -> tuple:
    """One generator process: some of the visitors (arriving on the common clock), or the abuser."""
    await asyncio.sleep(max(0.0, start_at - time.time()))
    results, abuse, cpu = [], [], time.process_time()
    if abusive:
        async with httpx.AsyncClient(base_url=site, timeout=60,
                                     limits=httpx.Limits(max_connections=ABUSER_LOOPS)) as bad:
            until = time.perf_counter() + ARRIVALS_S
            await asyncio.gather(*(abuser(bad, until, abuse) for _ in range(ABUSER_LOOPS)))
    else:
        await asyncio.gather(*(visitor(site, pages, n, n * ARRIVALS_S / VISITORS, results) for n in visitors))
    return results, abuse, time.process_time() - cpu


def _run_share(args: tuple) -> tuple:
    return asyncio.run(_share(*args))


def run_load(site: str, pages: dict) -> tuple[list, list, float, float]:
    """(page results, abuser status codes, wall seconds, CPU seconds of the generators). Visitors are
    spread over GENERATORS processes, the abuser has its own: real visitors are other machines, and
    one process would be starved of CPU first and measure itself."""
    start_at = time.time() + 3
    shares = [(site, pages, list(range(i, VISITORS, GENERATORS)), start_at, False) for i in range(GENERATORS)]
    shares.append((site, pages, [], start_at, True))
    with multiprocessing.get_context("spawn").Pool(len(shares)) as pool:
        outputs = pool.map(_run_share, shares)
    took = time.time() - start_at
    return ([r for o in outputs for r in o[0]], [c for o in outputs for c in o[1]], took,
            sum(o[2] for o in outputs))


async def lone_visitor(site: str, pages: dict, runs: int = 5) -> list[float]:
    async with httpx.AsyncClient(base_url=site, timeout=60) as client:
        return [(await load_page(client, path, calls, f"192.0.2.{i + 1}"))[0]
                for i in range(runs) for path, calls in pages.items()]


def run(database_url: str) -> list[dict]:
    stack = start_stack(Settings(database_url=database_url))
    try:
        pages = record(stack.url)
        requests_per_visit = sum(1 + len(c) for c in pages.values())
        idle = asyncio.run(lone_visitor(stack.url, pages))
        served_cpu = stack.cpu_seconds()
        results, abuse, took, generator_cpu = run_load(stack.url, pages)
        served_cpu = stack.cpu_seconds() - served_cpu
    finally:
        stack.stop()
    times = [t for t, _ in results]
    errors = [e for _, errs in results for e in errs]
    idle_p95 = percentile(idle, 95)
    print(json.dumps({"errors": errors[:10], "abuser_codes": {c: abuse.count(c) for c in set(abuse)},
                      "requests_per_visit": requests_per_visit, "took_s": round(took, 1),
                      "generator_cpu_s": round(generator_cpu, 1), "servers_cpu_s": served_cpu}, indent=1))
    return [
        row(f"page data p95, {VISITORS} visitors in {ARRIVALS_S} s via nginx ({len(times)} pages, "
            f"{requests_per_visit} requests a visit)", percentile(times, 95), "s", "lone visitor p95", idle_p95,
            "< 1.5 s"),
        row("page data p50, same load", percentile(times, 50), "s", "lone visitor p50", percentile(idle, 50)),
        row("errors seen by the visitors", len(errors), "requests", goal="0"),
        row("CPU of the servers and nginx per page view, during the load", served_cpu / max(1, len(times)), "s",
            goal="x 400 pages / 60 s < 2 cores"),
        row(f"abusive address: share of its {len(abuse)} requests answered 429", abuse.count(429) / max(1, len(abuse)),
            "share", goal="> 0 (throttled)"),
    ]
