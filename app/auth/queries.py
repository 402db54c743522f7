from app.auth.models import User
from app.extensions import db


def list_users() -> list[User]:
    return list(db.session.scalars(db.select(User).order_by(User.name)))
