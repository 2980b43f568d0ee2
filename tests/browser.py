"""Headless Debian Chromium driven by Selenium (no browser download: /usr/bin/chromium)."""
import pytest

from bench.live import chromium


@pytest.fixture(scope="module")
def browser():
    try:
        driver = chromium()
    except RuntimeError as exc:
        pytest.fail(str(exc))
    yield driver
    driver.quit()


def severe_console_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
