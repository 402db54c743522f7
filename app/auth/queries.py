from app.auth.models import ApiToken, Role, User
from app.extensions import db


def list_users() -> list[User]:
    return list(db.session.scalars(db.select(User).order_by(User.name)))


def emails_of(role: Role) -> list[str]:
    """The addresses of the active users with this role."""
    query = db.select(User.email).where(User.role == role, User.active.is_(True))
    return list(db.session.scalars(query.order_by(User.email)))


def tokens_of(user: User) -> list[ApiToken]:
    """The user's API tokens, newest first."""
    return list(
        db.session.scalars(
            db.select(ApiToken).filter_by(user_id=user.id).order_by(ApiToken.id.desc())
        )
    )
