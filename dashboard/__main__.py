"""`python -m dashboard --host 127.0.0.1 --port 8050`."""
import argparse

from core.settings import get_settings
from dashboard.app import create_dash_app


def main() -> None:
    settings = get_settings()
    parser = argparse.ArgumentParser(description="Serve the CLSM dashboard.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=settings.dashboard_port)
    args = parser.parse_args()
    create_dash_app(settings).run(host=args.host, port=args.port, debug=False)


if __name__ == "__main__":
    main()
