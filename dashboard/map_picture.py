"""The map's first-view picture as PNG images, drawn here from the API's SVG (map_layers): a browser
decodes an image off its main thread, where an SVG of ~2,100 shapes is parsed and laid out on it,
while the page is mounting (bench/findings.md, session 26).

One image per screen density: ordinary screens take the 1x image, high-density screens (phones) the
2x one, chosen by the browser as for any srcset (assets/map.js, dashboard.preload). A palette of 64
colours holds the dozen colours of the layers and their edges' blends: 2 to 3 times smaller than full
colour, and smaller than the compressed SVG at 1x.

Drawn in a child process (this file run as a script): resvg holds the interpreter's lock while it
draws (0.3–0.6 s), which would stall every other request of the server's process (bench/findings.md)."""
import io
import subprocess
import sys

DENSITIES = (1, 2)
COLOURS = 64


def png(svg: str, density: int) -> bytes:
    """The SVG drawn at `density` image pixels per SVG unit (a CSS pixel), as a palette PNG."""
    return subprocess.run([sys.executable, __file__, str(density)], input=svg.encode(), capture_output=True,
                          check=True, timeout=120).stdout


def file_name(density: int) -> str:
    return "picture.png" if density == 1 else f"picture@{density}x.png"


def _draw(svg: str, density: int) -> bytes:
    import resvg_py
    from PIL import Image

    rgba = bytes(resvg_py.svg_to_bytes(svg_string=svg, zoom=density, skip_system_fonts=True))
    image = Image.open(io.BytesIO(rgba)).quantize(colors=COLOURS, method=Image.Quantize.FASTOCTREE)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


if __name__ == "__main__":
    sys.stdout.buffer.write(_draw(sys.stdin.buffer.read().decode(), int(sys.argv[1])))
