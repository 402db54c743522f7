"""WSGI entry point for gunicorn: `gunicorn wsgi:app`."""

import os

from app import create_app
from app.core.memory import tune_garbage_collector
from config import CONFIGS

app = create_app(CONFIGS[os.environ.get("REGIE_CONFIG", "production")])
tune_garbage_collector()
