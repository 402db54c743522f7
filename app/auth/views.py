"""Login, logout and user administration."""

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import queries, services
from app.auth.forms import LoginForm, UserForm
from app.auth.models import User
from app.core.audit import list_history
from app.core.data_version import first_with_data_version, with_data_version
from app.core.dates import utcnow
from app.extensions import db, login_manager
from app.forms import run_form
from app.permissions import require
from app.security import request_id

bp = Blueprint("auth", __name__)

WRONG_CREDENTIALS = "Deze combinatie van e-mailadres en wachtwoord is onbekend."


# Read on every page: built once.
LOGGED_IN_USER = with_data_version(db.select(User).where(User.id == sa.bindparam("user_id")))


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    if not user_id.isdigit():
        return None
    row = first_with_data_version(LOGGED_IN_USER, {"user_id": int(user_id)})
    return row[0] if row else None


@login_manager.request_loader
def load_user_from_bearer_token(req) -> User | None:
    return services.user_for_authorization(req.headers.get("Authorization", ""))


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
        try:
            user = services.authenticate(
                form.email.data,
                form.password.data,
                address=request.remote_addr or "-",
                now=utcnow(),
            )
        except services.TooManyAttempts as refusal:
            current_app.logger.warning(
                "Login refused: too many failures [request %s]", request_id()
            )
            form.password.errors.append(refusal.message)
            return render_template("auth/login.html", form=form), refusal.status_code
        db.session.commit()  # the login time, or the failure that counts towards a lockout
        if user is not None:
            login_user(user)
            flash("U bent ingelogd.", "success")  # the start page greets by name
            return redirect(safe_next(request.args.get("next")))
        form.password.errors.append(WRONG_CREDENTIALS)
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    logout_user()
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
        ),
        f"Gebruiker {form.name.data} is bijgewerkt.",
    ):
        return redirect(url_for("auth.users"))
    return render_template("auth/user_form.html", user=user, form=form, history=list_history(user))
