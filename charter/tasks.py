"""Thin job handlers of the charter registry: they take primary keys and call a service; each is safe to
run twice (see the services)."""

from gusp.core.jobs import handler

from . import services_accounts


@handler(services_accounts.SEND_INVITATION, max_attempts=5)
def send_account_invitation(job, *, invitation_id: int) -> bool:
    return services_accounts.send_account_invitation(invitation_id=invitation_id, job=job)


@handler(services_accounts.SEND_RESET_LINK, max_attempts=5)
def send_password_reset(job, *, user_id: int) -> bool:
    return services_accounts.send_password_reset(user_id=user_id, job=job)
