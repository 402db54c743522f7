"""Login, logout and user administration."""

import time
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import queries, services, sessions
from app.auth.forms import LoginForm, PasswordChangeForm, TokenForm, UserForm
from app.auth.models import ApiToken, User, UserSession
from app.core.audit import list_history
from app.core.dates import utcnow
from app.core.settings import current_settings
from app.extensions import db, login_manager
from app.forms import DutchForm, run_action, run_form
from app.pagination import requested_history_page
from app.permissions import can, require
from app.security import request_id

bp = Blueprint("auth", __name__)

WRONG_CREDENTIALS = "Deze combinatie van e-mailadres en wachtwoord is onbekend."


# Read on every page: built once. The user comes only with an open session of theirs that
# started within the absolute lifetime.
OPEN_SESSION = (
    sa.select(UserSession.id)
    .where(
        UserSession.user_id == User.id,
        UserSession.token_hash == sa.bindparam("session_hash"),
        UserSession.ended_at.is_(None),
        UserSession.created_at > sa.bindparam("started_after"),
    )
    .exists()
)
LOGGED_IN_USER = db.select(User).where(User.id == sa.bindparam("user_id"), OPEN_SESSION)
# The time of the last request is written into the cookie at most this often.
SEEN_PRECISION = 60


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    secret, seen, now = session.get("sid"), session.get("seen"), time.time()
    idle = current_settings().idle_limit.total_seconds()
    if not user_id.isdigit() or not secret or not seen or now - seen > idle:
        return None
    user = db.session.scalar(
        LOGGED_IN_USER,
        {
            "user_id": int(user_id),
            "session_hash": sessions.digest(secret),
            "started_after": utcnow() - current_settings().session_lifetime,
        },
    )
    if user is None:
        return None
    if now - seen > SEEN_PRECISION:
        session["seen"] = now
    return user


@login_manager.request_loader
def load_user_from_bearer_token(req) -> User | None:
    now = utcnow()
    api_token = sessions.token_for_authorization(req.headers.get("Authorization", ""), now=now)
    if api_token is None:
        return None
    if sessions.note_token_use(api_token, now=now):
        db.session.commit()  # so the time holds for reading requests too
    return api_token.user


def begin_session(user: User, secret: str) -> None:
    """Log `user` in under the new session `secret`: whatever the cookie held before is
    dropped, so a session id planted before login is worth nothing after it."""
    session.clear()
    session.permanent = True  # the cookie ends with the session's absolute lifetime
    login_user(user)
    session["sid"], session["seen"] = secret, time.time()


def safe_next(target: str | None) -> str:
    """Only local paths, so the login page cannot send anyone to another site."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target  # browsers read "/\host" as "//host"
        and not urlsplit(target).netloc
    ):
        return target
    return url_for("home.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        now = utcnow()
        try:
            user = services.authenticate(
                form.email.data,
                form.password.data,
                address=request.remote_addr or "-",
                now=now,
            )
        except services.TooManyAttempts as refusal:
            current_app.logger.warning(
                "Login refused: too many failures [request %s]", request_id()
            )
            form.password.errors.append(refusal.message)
            return render_template("auth/login.html", form=form), refusal.status_code
        secret = sessions.start_session(user, now=now) if user is not None else None
        # One commit: the login time and the new session, or the failure that counts towards
        # a lockout.
        db.session.commit()
        if user is not None:
            begin_session(user, secret)
            flash("U bent ingelogd.", "success")  # the start page greets by name
            return redirect(safe_next(request.args.get("next")))
        form.password.errors.append(WRONG_CREDENTIALS)
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    if session.get("sid"):
        sessions.end_session(session["sid"], now=utcnow())
        db.session.commit()
    logout_user()
    session.clear()
    flash("U bent uitgelogd.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/beheer/gebruikers", methods=["GET", "POST"])
@require("users.manage")
def users():
    form = UserForm()
    if run_form(
        form,
        lambda: services.create_user(
            current_user,
            email=form.email.data,
            name=form.name.data,
            role=form.role.data,
            password=form.password.data,
        ),
        f"Gebruiker {form.name.data} is aangemaakt.",
    ):
        return redirect(url_for("auth.users"))
    return render_template("auth/users.html", users=queries.list_users(), form=form)


@bp.route("/beheer/gebruikers/<int:user_id>", methods=["GET", "POST"])
@require("users.manage")
def edit_user(user_id: int):
    user = db.get_or_404(User, user_id)
    form = UserForm(obj=user)
    if run_form(
        form,
        lambda: services.update_user(
            current_user,
            user,
            expected_version=form.version.data,
            email=form.email.data,
            name=form.name.data,
            role=form.role.data,
            active=form.active.data,
            password=form.password.data,
            now=utcnow(),
        ),
        f"Gebruiker {form.name.data} is bijgewerkt.",
    ):
        return redirect(url_for("auth.users"))
    return render_template(
        "auth/user_form.html",
        user=user,
        form=form,
        history=list_history(user, page=requested_history_page()),
        tokens=queries.tokens_of(user),
        now=utcnow(),
    )


def account_page(password_form=None, token_form=None, new_token: str | None = None):
    return render_template(
        "auth/account.html",
        password_form=password_form or PasswordChangeForm(formdata=None),
        token_form=token_form or TokenForm(formdata=None),
        new_token=new_token,
        tokens=queries.tokens_of(current_user),
        now=utcnow(),
    )


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """The user's own page: change the password; issue and revoke API tokens."""
    form = PasswordChangeForm()
    if run_form(
        form,
        lambda: services.change_own_password(
            current_user,
            current=form.current_password.data,
            new=form.new_password.data,
            revoke_tokens=form.revoke_tokens.data,
            keep_session=session.get("sid", ""),
            now=utcnow(),
        ),
        "Uw wachtwoord is gewijzigd; uw andere sessies zijn beëindigd.",
    ):
        return redirect(url_for("auth.account"))
    return account_page(password_form=form)


@bp.post("/account/tokens")
@login_required
def create_token():
    """The new token is shown once, on this response: never in a redirect or the cookie."""
    form = TokenForm()
    done = run_form(
        form,
        lambda: sessions.issue_api_token(
            current_user,
            current_user,
            name=form.name.data,
            now=utcnow(),
            lifetime=current_settings().token_lifetime,
        ),
        "Het token is aangemaakt. Kopieer het nu: het wordt niet nog eens getoond.",
    )
    return account_page(token_form=form, new_token=done.result if done else None)


@bp.post("/tokens/<int:token_id>/intrekken")
@login_required
def revoke_token(token_id: int):
    api_token = db.get_or_404(ApiToken, token_id)
    if not can(current_user, "token.revoke", api_token):
        abort(404)  # someone else's token: as if it did not exist
    run_action(
        DutchForm(),
        lambda: sessions.revoke_api_token(current_user, api_token),
        f"Het token '{api_token.name}' is ingetrokken.",
    )
    return redirect(safe_next(request.form.get("next")))


@bp.post("/beheer/gebruikers/<int:user_id>/uitloggen")
@require("users.manage")
def end_user_sessions(user_id: int):
    user = db.get_or_404(User, user_id)
    done = run_action(
        DutchForm(),
        lambda: sessions.end_sessions(current_user, user, now=utcnow()),
        f"{user.name} is overal uitgelogd.",
    )
    if done and user.id == current_user.id:
        logout_user()
        session.clear()
    return redirect(url_for("auth.edit_user", user_id=user.id))
