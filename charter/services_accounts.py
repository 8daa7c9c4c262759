"""Writes of the charter's partnership run from the platform: partners (signatories or not), their
accounts (invited by e-mail, given a role, deactivated), logins and their sessions, charters created by an
operator. Keyword-only, atomic, validating; each rule is checked here, whatever the view let through.

E-mails are durable jobs (`gusp.core.jobs`), queued in the transaction of the change; their handlers are in
`charter.tasks`."""

import datetime as dt

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.module_loading import import_string

from gusp.core import jobs
from gusp.core.models import Job

from . import services
from .choices import OrganisationKind, Role
from .models import (
    AccountInvitation,
    Charter,
    LoginSession,
    Organisation,
    Orientation,
    Partnership,
    Residence,
    SubTheme,
    User,
)
from .perms import can_edit_organisation, invitable_roles
from .querysets import forget_charter_ids
from .tokens import invitation_timeout, invitation_tokens

SEND_INVITATION = "charter.send_account_invitation"
SEND_RESET_LINK = "charter.send_password_reset"


def site_url() -> str:
    """The platform's address, for the links of e-mails (`GUSP_SITE_URL`, e.g. https://gusp.example.org)."""
    return getattr(settings, "GUSP_SITE_URL", "http://127.0.0.1:8000").rstrip("/")


# Partners ------------------------------------------------------------------------------------------


@transaction.atomic
def add_partnership(
    *, charter: Charter, organisation: Organisation, is_signatory: bool, by: User | None = None
) -> Partnership:
    """Make an organisation a partner of the charter (signatory or not). A partner removed earlier comes
    back (its archived partnership is restored, with everything that pointed to it)."""
    partnership = Partnership.objects.select_for_update().filter(charter=charter, organisation=organisation)
    partnership = partnership.first()
    if partnership is not None and not partnership.is_archived:
        raise ValidationError({"organisation": "Cette organisation est déjà partenaire de la charte."})
    if partnership is None:
        partnership = Partnership(charter=charter, organisation=organisation, is_signatory=is_signatory)
    else:
        partnership.archived_at, partnership.archived_by = None, None
        partnership.is_signatory = is_signatory
    if by is not None:
        partnership._history_user = by
    partnership.full_clean()
    partnership.save()
    forget_charter_ids(by)
    return partnership


@transaction.atomic
def create_partner_organisation(
    *,
    charter: Charter,
    name: str,
    kind: str,
    short_name: str = "",
    is_signatory: bool,
    by: User | None = None,
) -> Partnership:
    """Create an organisation (with its group) and make it a partner of the charter."""
    if Organisation.objects.filter(name__iexact=name.strip()).exists():
        raise ValidationError(
            {"name": "Une organisation porte déjà ce nom : choisissez-la dans la liste des organisations."}
        )
    organisation = services.create_organisation(name=name.strip(), kind=kind, short_name=short_name.strip())
    return add_partnership(charter=charter, organisation=organisation, is_signatory=is_signatory, by=by)


@transaction.atomic
def save_organisation(*, organisation: Organisation, by: User) -> Organisation:
    """Save a partner organisation's details (name, short name, kind), edited by a coordinator of a charter
    it takes part in; every charter it takes part in shows them. Its name stays unique (whatever the case),
    and a landlord with residences on the platform stays a landlord (its residences and their edit rights
    hang on it)."""
    if not can_edit_organisation(by, organisation):
        raise ValidationError("Vous ne pouvez pas modifier cette organisation.")
    organisation.name = organisation.name.strip()
    organisation.short_name = organisation.short_name.strip()
    if Organisation.objects.filter(name__iexact=organisation.name).exclude(pk=organisation.pk).exists():
        raise ValidationError({"name": "Une autre organisation porte déjà ce nom."})
    if organisation.kind != OrganisationKind.LANDLORD:
        residences = Residence.objects.filter(landlord=organisation).count()
        if residences:
            raise ValidationError(
                {
                    "kind": f"Cette organisation est le bailleur de {residences} résidence"
                    f"{'s' if residences > 1 else ''} : elle reste un bailleur social."
                }
            )
    organisation._history_user = by
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def save_partnership(*, partnership: Partnership, by: User | None = None) -> Partnership:
    if by is not None:
        partnership._history_user = by
    partnership.full_clean()
    partnership.save()
    return partnership


# Accounts ------------------------------------------------------------------------------------------


def _username_for(email: str) -> str:
    base = email.strip().lower()[:150]
    username, n = base, 2
    while User.objects.filter(username__iexact=username).exists():
        suffix = f"-{n}"
        username, n = base[: 150 - len(suffix)] + suffix, n + 1
    return username


def _check_role(*, by: User, charter: Charter, organisation: Organisation, role: str) -> None:
    allowed = invitable_roles(by, charter, organisation)
    if not allowed:
        raise ValidationError("Vous ne pouvez pas inviter de compte dans cette organisation.")
    if role not in allowed:
        raise ValidationError({"role": "Vous ne pouvez pas donner ce rôle : choisissez un rôle de la liste."})


def _apply_coordination(account: User, charter: Charter) -> None:
    if account.role == Role.COORDINATOR:
        account.groups.add(charter.coordination_group)
    else:
        account.groups.remove(charter.coordination_group)


@transaction.atomic
def invite_account(
    *,
    charter: Charter,
    organisation: Organisation,
    email: str,
    role: str,
    invited_by: User,
    first_name: str = "",
    last_name: str = "",
    position: str = "",
) -> AccountInvitation:
    """Create the account of a person of a partner organisation, without a password, and send them (in the
    background) a one-time link to set it. Inviting again an account that never logged in sends a new link
    (and may change its role); any other existing account with that address is refused."""
    email = email.strip().lower()
    validate_email(email)
    _check_role(by=invited_by, charter=charter, organisation=organisation, role=role)
    if not Partnership.objects.live().filter(charter=charter, organisation=organisation).exists():
        raise ValidationError("Cette organisation n'est pas partenaire de la charte.")
    account = User.objects.select_for_update().filter(email__iexact=email).first()
    if account is not None:
        pending = (
            account.organisation_id == organisation.pk
            and account.last_login is None
            and not account.has_usable_password()
            and account.is_active
        )
        # Sending a new link is open to whoever may invite into the organisation; changing the role of an
        # existing account (it holds on every charter) only to those who may manage it here.
        may_manage = User.objects.manageable_by(invited_by, charter).filter(pk=account.pk).exists()
        if not pending or (account.role != role and not may_manage):
            raise ValidationError({"email": "Un compte existe déjà avec cette adresse électronique."})
    else:
        account = User(username=_username_for(email), email=email, organisation=organisation)
        account.set_unusable_password()
    account.role = role
    account.first_name = first_name.strip() or account.first_name
    account.last_name = last_name.strip() or account.last_name
    account.position = position.strip() or account.position
    account.full_clean()
    account.save()
    account.groups.add(organisation.group)
    _apply_coordination(account, charter)
    invitation = AccountInvitation.objects.create(
        user=account, charter=charter, invited_by=invited_by, role=role
    )
    jobs.enqueue(
        SEND_INVITATION,
        label=f"Invitation de {account.email}",
        key=f"charter:invitation:{invitation.pk}",
        charter_id=charter.pk,
        requested_by=invited_by,
        invitation_id=invitation.pk,
    )
    return invitation


@transaction.atomic
def resend_invitation(*, charter: Charter, account: User, by: User) -> AccountInvitation:
    """A new link for an account that never set its password (the earlier links die once one is used)."""
    if account.has_usable_password() or account.last_login is not None:
        raise ValidationError(
            "Ce compte a déjà choisi son mot de passe : il n'y a plus d'invitation à envoyer."
        )
    if not account.is_active:
        raise ValidationError("Ce compte est désactivé : réactivez-le d'abord.")
    return invite_account(
        charter=charter,
        organisation=account.organisation,
        email=account.email,
        role=account.role,
        invited_by=by,
    )


def invitation_link(account: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(account.pk))
    token = invitation_tokens.make_token(account)
    return site_url() + reverse("charter:invitation_accept", args=[uid, token])


def send_account_invitation(*, invitation_id: int, job: Job | None = None) -> bool:
    """Send the invitation e-mail once (the `sent_at` of the invitation, written in the same transaction as
    the sending, makes running it twice harmless). An account that set its password or was deactivated
    meanwhile gets nothing."""
    with transaction.atomic():
        invitation = (
            AccountInvitation.objects.select_for_update(of=("self",))
            .select_related("user__organisation", "charter", "invited_by")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or invitation.sent_at is not None:
            return False
        account = invitation.user
        if not account.is_active or account.has_usable_password() or not account.email:
            return False
        context = {
            "account": account,
            "invitation": invitation,
            "link": invitation_link(account),
            "days": invitation_timeout() // 86400,
            "site_url": site_url(),
        }
        subject = " ".join(render_to_string("charter/accounts/email/invitation_subject.txt", context).split())
        body = render_to_string("charter/accounts/email/invitation.txt", context)
        EmailMessage(subject=subject, body=body, to=[account.email]).send()
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
    return True


@transaction.atomic
def accept_invitation(*, account: User, password: str) -> User:
    """Set the password chosen through an invitation link (the link dies with it)."""
    account = User.objects.select_for_update().get(pk=account.pk)
    account.set_password(password)
    account.save(update_fields=["password"])
    return account


@transaction.atomic
def set_account_role(*, charter: Charter, account: User, role: str, by: User) -> User:
    """Give an account of one of the charter's partners another role. A coordinator joins (or leaves) the
    coordination of this charter."""
    if account.pk == by.pk:
        raise ValidationError("Vous ne pouvez pas changer votre propre rôle.")
    if role not in Role.values:
        raise ValidationError({"role": "Choisissez un rôle de la liste."})
    if not User.objects.manageable_by(by, charter).filter(pk=account.pk).exists():
        raise ValidationError("Vous ne pouvez pas modifier ce compte.")
    account.role = role
    account.save(update_fields=["role"])
    _apply_coordination(account, charter)
    return account


def end_all_sessions(account: User) -> int:
    """Log the account out everywhere: its sessions are deleted."""
    keys = list(LoginSession.objects.filter(user=account).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    return LoginSession.objects.filter(user=account).delete()[0]


@transaction.atomic
def set_account_active(*, charter: Charter, account: User, active: bool, by: User) -> User:
    """Deactivate an account (it can no longer log in, its sessions end; everything it wrote stays, with its
    name) or reactivate it."""
    if account.pk == by.pk:
        raise ValidationError("Vous ne pouvez pas désactiver votre propre compte.")
    if not User.objects.manageable_by(by, charter).filter(pk=account.pk).exists():
        raise ValidationError("Vous ne pouvez pas modifier ce compte.")
    account.is_active = active
    account.save(update_fields=["is_active"])
    if not active:
        end_all_sessions(account)
    return account


# Logins and sessions -------------------------------------------------------------------------------


@transaction.atomic
def record_login(*, user: User, session_key: str, ip_address: str | None, user_agent: str) -> LoginSession:
    """Called by the login view once the person is logged in: which session, from where, which browser.
    Rows of sessions that ended on their own are dropped at the same time."""
    LoginSession.objects.filter(user=user).exclude(
        session_key__in=Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    ).delete()
    login_session, _ = LoginSession.objects.update_or_create(
        session_key=session_key,
        defaults={"user": user, "ip_address": ip_address or None, "user_agent": (user_agent or "")[:300]},
    )
    return login_session


@transaction.atomic
def end_session(*, user: User, login_session_id: int) -> None:
    """End one of the user's own sessions (another browser, a lost phone)."""
    login_session = LoginSession.objects.filter(user=user, pk=login_session_id).first()
    if login_session is None:
        raise ValidationError("Cette session n'existe plus.")
    Session.objects.filter(session_key=login_session.session_key).delete()
    login_session.delete()


def open_sessions(user: User):
    """The user's sessions still open, newest first."""
    alive = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return LoginSession.objects.filter(user=user, session_key__in=alive)


# Password reset ------------------------------------------------------------------------------------


def queue_password_reset(*, user: User) -> Job:
    """Called by the password reset form (for an active account with a password): the e-mail is a job."""
    return jobs.enqueue(
        SEND_RESET_LINK,
        label=f"Réinitialisation du mot de passe de {user.username}",
        key=f"charter:password-reset:{user.pk}",
        user_id=user.pk,
    )


def send_password_reset(*, user_id: int, job: Job | None = None) -> bool:
    """Send a password reset link (Django's token: it dies once the password is changed or the person
    logs in). At worst, a worker killed after sending sends the link again, which is harmless."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or not user.has_usable_password():
        return False
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    context = {
        "user": user,
        "link": site_url() + reverse("charter:password_reset_confirm", args=[uid, token]),
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    subject = " ".join(render_to_string("registration/password_reset_subject.txt", context).split())
    body = render_to_string("registration/password_reset_email.txt", context)
    EmailMessage(subject=subject, body=body, to=[user.email]).send()
    return True


# Charters created by an operator -------------------------------------------------------------------


@transaction.atomic
def create_charter_for_operator(
    *,
    by: User,
    title: str,
    commune: str,
    starts_on: dt.date,
    ends_on: dt.date,
    copy_from: Charter | None,
    **fields,
) -> Charter:
    """A new charter, empty or with the structure of another one (`copy_structure`)."""
    charter = services.create_charter(
        title=title, commune=commune, starts_on=starts_on, ends_on=ends_on, **fields
    )
    if copy_from is not None:
        copy_structure(source=copy_from, target=charter)
    return charter


def copy_structure(*, source: Charter, target: Charter) -> None:
    """Copy what makes a charter's structure, without its content: themes, sub-themes and orientations (those
    removed, archived, are left out). The
    other apps' parts (sheet template, committees and their rules) are copied by the functions listed in
    `GUSP_STRUCTURE_COPIERS` (each `copy(source, target, themes)`, `themes` mapping old theme ids to new
    themes), so that this app imports none of them."""
    themes, sub_themes = {}, {}
    live_sub_themes = Prefetch("sub_themes", queryset=SubTheme.objects.live())
    live_orientations = Prefetch("orientations", queryset=Orientation.objects.live())
    for theme in source.themes.live().prefetch_related(live_sub_themes, live_orientations).order_by("code"):
        new = type(theme).objects.create(
            charter=target, code=theme.code, title=theme.title, description=theme.description
        )
        themes[theme.pk] = new
        for sub in theme.sub_themes.all():
            sub_themes[sub.pk] = new.sub_themes.create(title=sub.title, order=sub.order)
        for orientation in theme.orientations.all():
            new.orientations.create(
                sub_theme=sub_themes.get(orientation.sub_theme_id),
                text=orientation.text,
                order=orientation.order,
            )
    for path in getattr(settings, "GUSP_STRUCTURE_COPIERS", ()):
        import_string(path)(source, target, themes, sub_themes)


@transaction.atomic
def set_coordinators(*, charter: Charter, accounts, by: User) -> None:
    """An operator names the coordinators of a charter: they join its coordination group (with the role of
    coordinator); those no longer named leave it."""
    group = charter.coordination_group
    wanted = {a.pk for a in accounts}
    for account in group.user_set.exclude(pk__in=wanted):
        group.user_set.remove(account)
    for account in accounts:
        if account.role != Role.COORDINATOR:
            account.role = Role.COORDINATOR
            account.save(update_fields=["role"])
        group.user_set.add(account)
        if account.organisation_id and not (
            Partnership.objects.live()
            .filter(charter=charter, organisation_id=account.organisation_id)
            .exists()
        ):
            # A new partner, or a removed one restored with what pointed to it.
            add_partnership(charter=charter, organisation=account.organisation, is_signatory=False, by=by)
