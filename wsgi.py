"""WSGI entry point for gunicorn: `gunicorn wsgi:app`."""

import gc
import os

from app import create_app
from config import CONFIGS

app = create_app(CONFIGS[os.environ.get("REGIE_CONFIG", "production")])

# What start-up built (modules, mappers, templates: most of a worker's objects) lives as long
# as the worker; frozen, the collector's full passes no longer walk it. A page of releases or
# an export makes tens of thousands of objects: with a larger first generation the collector
# runs a few times per request instead of hundreds. Together this halved the mean time of the
# OCDS list (benchmark, 5,000 contracts).
gc.freeze()
gc.set_threshold(20_000, 10, 10)
