"""WSGI entry point: ``gunicorn dashboard.wsgi:server`` (settings from the environment)."""

from dashboard.app import create_app
from dashboard.config import Settings

server = create_app(Settings.from_env()).server
