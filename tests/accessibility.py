"""axe-core (tests/vendor/axe-core) run inside the page by Selenium: WCAG 2.1 A and AA rules."""
from pathlib import Path

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(driver, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """One line per violation of the given impacts: rule, impact, help and the first offending nodes."""
    if not driver.execute_script("return !!window.axe"):
        driver.execute_script(AXE)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))"
        ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));", TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes']}" for v in result if v["impact"] in impacts]
