from app.auth.models import ApiToken, Role, User
from app.extensions import db


def list_users() -> list[User]:
    return list(db.session.scalars(db.select(User).order_by(User.name)))


def find_user(user_id: int | None) -> User | None:
    return db.session.get(User, user_id) if user_id else None


def colleagues_with(role: Role, user: User) -> list[User]:
    """The other active users with this role, by name: whom `user` can hand work to."""
    query = db.select(User).where(User.role == role, User.active.is_(True), User.id != user.id)
    return list(db.session.scalars(query.order_by(User.name)))


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
