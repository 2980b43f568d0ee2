"""WSGI entry of the dashboard for a production server: `gunicorn dashboard.wsgi:server`."""
from dashboard.app import create_dash_app

server = create_dash_app().server
