"""The map page draws its layers on canvases (one per pane, no element per feature): what the browser
tests read instead of SVG paths. Features on the map: the count the page writes per layer; what is
drawn where: the canvas's pixels, in the colours of dashboard.components."""
from selenium.webdriver.support.ui import WebDriverWait

# Points (page coordinates) where a pane's canvas shows a colour, within the map's frame; with
# `on_top`, only where nothing lies over that canvas (a click there reaches it).
_PIXELS = """
const [pane, rgb, low, high, onTop, limit] = arguments;
const canvas = document.querySelector('.leaflet-' + pane + '-pane canvas');
if (!canvas) return [];
document.getElementById('map').scrollIntoView({block: 'center'});
const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
const box = canvas.getBoundingClientRect(), frame = document.getElementById('map').getBoundingClientRect();
const sx = box.width / canvas.width, sy = box.height / canvas.height, found = [];
for (let y = 0; y < canvas.height; y++) for (let x = 0; x < canvas.width; x++) {
    const i = (y * canvas.width + x) * 4;
    if (px[i + 3] < low || px[i + 3] > high) continue;
    if (rgb && [0, 1, 2].some(k => Math.abs(px[i + k] - rgb[k]) > 10)) continue;
    const cx = box.left + (x + 0.5) * sx, cy = box.top + (y + 0.5) * sy;
    if (cx < frame.left + 1 || cx > frame.right - 1 || cy < frame.top + 1 || cy > frame.bottom - 1) continue;
    if (onTop && document.elementFromPoint(cx, cy) !== canvas) continue;
    found.push({x: cx, y: cy});
    if (found.length >= limit) return found;
}
return found;"""


def drawn(driver, layer: str) -> int:
    """Features of a layer (its component id) on the map."""
    return int(driver.execute_script(
        "const m = document.getElementById('map');"
        "return m ? Number(m.getAttribute('data-drawn-' + arguments[0]) || 0) : 0", layer))


def wait_drawn(driver, layer: str, at_least: int, timeout: float = 20) -> None:
    WebDriverWait(driver, timeout).until(lambda d: drawn(d, layer) >= at_least)


def pixels(driver, pane: str, colour: str | None, alpha: tuple[float, float] = (0.98, 1.0),
           on_top: bool = False, limit: int = 1) -> list[dict]:
    """Where `pane` ('overlay', 'shading'...) shows `colour` (#rrggbb, None: any) at that opacity."""
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)] if colour else None
    return driver.execute_script(_PIXELS, pane, rgb, round(alpha[0] * 255) - 3, round(alpha[1] * 255) + 3,
                                 on_top, limit)


def click_at(driver, point: dict) -> None:
    """A click where a user would press, dispatched to whatever is on top there."""
    driver.execute_script("document.elementFromPoint(arguments[0], arguments[1]).dispatchEvent(new MouseEvent("
                          "'click', {bubbles: true, clientX: arguments[0], clientY: arguments[1]}))",
                          point["x"], point["y"])
