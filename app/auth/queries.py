from app.auth.models import Role, User
from app.extensions import db


def list_users() -> list[User]:
    return list(db.session.scalars(db.select(User).order_by(User.name)))


def emails_of(role: Role) -> list[str]:
    """The addresses of the active users with this role."""
    query = db.select(User.email).where(User.role == role, User.active.is_(True))
    return list(db.session.scalars(query.order_by(User.email)))
