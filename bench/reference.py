"""The benchmark's floor: a bare Flask + SQLAlchemy page listing 50 rows with one query.

Served by gunicorn exactly like Regie: `gunicorn -w 2 bench.reference:app`.
"""

import os

from flask import Flask
from sqlalchemy import create_engine, text

TEMPLATE = """<!doctype html><title>Referentie</title><table>{% for row in rows %}<tr>
<td>{{ row.sequence }}</td><td>{{ row.period_start_on }}</td><td>{{ row.due_on }}</td>
<td>{{ row.status }}</td></tr>{% endfor %}</table>"""

app = Flask("reference")
engine = create_engine(os.environ["DATABASE_URL"])
template = app.jinja_env.from_string(TEMPLATE)  # compiled once, as a template file would be
query = text("SELECT sequence, period_start_on, due_on, status FROM steering_moments LIMIT 50")


@app.get("/")
def rows():
    with engine.connect() as connection:
        return template.render(rows=connection.execute(query).all())
