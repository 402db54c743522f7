from app.extensions import db
from app.steering.models import KpiDefinition


def list_kpi_definitions() -> list[KpiDefinition]:
    return list(db.session.scalars(db.select(KpiDefinition).order_by(KpiDefinition.position)))
