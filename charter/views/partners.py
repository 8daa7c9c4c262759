"""The charter's partners and their accounts, run by the coordinator: partners added (an organisation of
the platform or a new one, signatory or not), people invited by e-mail, roles given, accounts deactivated;
a partner's referent invites colleagues of their own organisation."""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from gusp.core.pages import form_page, post_action

from .. import services_accounts
from ..forms import AccountRoleForm, InvitationForm, OrganisationForm, PartnerAddForm, PartnershipForm
from ..models import Charter, Partnership, User
from ..perms import can_coordinate, invitable_roles
from .common import coordinated_charter

ACCOUNTS_PER_PAGE = 50


def _partners_url(charter) -> str:
    return reverse("charter:partner_list", args=[charter.slug])


def _partnership(request, charter, pk) -> Partnership:
    """A live partnership of the charter that the user manages: any, for the coordinator; their own
    organisation's, for a referent. Anything else is a 404."""
    partnerships = Partnership.objects.live().filter(charter=charter).select_related("organisation")
    if not can_coordinate(request.user, charter):
        if not (request.user.is_referent and request.user.organisation_id):
            raise Http404
        partnerships = partnerships.filter(organisation_id=request.user.organisation_id)
    return get_object_or_404(partnerships, pk=pk)


def partner_list(request, slug):
    """Every partner of the charter, signatories first; the coordinator also sees the accounts of each and
    how many never logged in."""
    charter = get_object_or_404(Charter.objects.member_of(request.user), slug=slug)
    coordinator = can_coordinate(request.user, charter)
    partnerships = (
        Partnership.objects.live()
        .filter(charter=charter)
        .select_related("organisation")
        .annotate(
            account_count=Count("organisation__users", filter=Q(organisation__users__is_active=True)),
            never_count=Count(
                "organisation__users",
                filter=Q(organisation__users__is_active=True, organisation__users__last_login__isnull=True),
            ),
        )
        .order_by("-is_signatory", "organisation__name")
    )
    context = {
        "charter": charter,
        "partnerships": partnerships,
        "can_coordinate": coordinator,
        "own_organisation_id": request.user.organisation_id if request.user.is_referent else None,
    }
    return render(request, "charter/accounts/partner_list.html", context)


@require_http_methods(["GET", "POST"])
def partner_add(request, slug):
    charter = coordinated_charter(request, slug)
    form = PartnerAddForm(request.POST or None, charter=charter)

    def save(f):
        data = f.values
        if data["organisation"] is not None:
            return services_accounts.add_partnership(
                charter=charter,
                organisation=data["organisation"],
                is_signatory=data["is_signatory"],
                by=request.user,
            )
        return services_accounts.create_partner_organisation(
            charter=charter,
            name=data["name"],
            short_name=data["short_name"],
            kind=data["kind"],
            is_signatory=data["is_signatory"],
            by=request.user,
        )

    return form_page(
        request,
        form,
        save,
        title="Ajouter un partenaire",
        success_url=lambda partnership: reverse(
            "charter:partner_detail", args=[charter.slug, partnership.pk]
        ),
        back_url=_partners_url(charter),
        success_message="Le partenaire a été ajouté à la charte.",
    )


def partner_detail(request, slug, pk):
    """A partner of the charter and its accounts: who they are, their role, when they last logged in."""
    charter = get_object_or_404(Charter.objects.member_of(request.user), slug=slug)
    partnership = _partnership(request, charter, pk)
    accounts = User.objects.filter(organisation=partnership.organisation).order_by(
        "-is_active", "last_name", "first_name", "username"
    )
    manageable = set(
        User.objects.manageable_by(request.user, charter)
        .filter(organisation=partnership.organisation)
        .values_list("pk", flat=True)
    )
    context = {
        "charter": charter,
        "partnership": partnership,
        "accounts": accounts,
        "manageable": manageable,
        "can_coordinate": can_coordinate(request.user, charter),
        "can_invite": bool(invitable_roles(request.user, charter, partnership.organisation)),
    }
    return render(request, "charter/accounts/partner_detail.html", context)


@require_http_methods(["GET", "POST"])
def partnership_edit(request, slug, pk):
    charter = coordinated_charter(request, slug)
    partnership = _partnership(request, charter, pk)
    form = PartnershipForm(request.POST or None, instance=partnership)
    back = reverse("charter:partner_detail", args=[charter.slug, partnership.pk])
    return form_page(
        request,
        form,
        lambda f: services_accounts.save_partnership(partnership=f.save(commit=False), by=request.user),
        title=f"Partenaire « {partnership.organisation} »",
        success_url=back,
        back_url=back,
        success_message="Le partenaire a été enregistré.",
    )


@require_http_methods(["GET", "POST"])
def organisation_edit(request, slug, pk):
    """The partner organisation's details (name, short name, kind), edited by the charter's coordinator; every
    charter the organisation takes part in shows them."""
    charter = coordinated_charter(request, slug)
    partnership = _partnership(request, charter, pk)
    organisation = partnership.organisation
    form = OrganisationForm(request.POST or None, instance=organisation)
    back = reverse("charter:partner_detail", args=[charter.slug, partnership.pk])
    return form_page(
        request,
        form,
        lambda f: services_accounts.save_organisation(organisation=f.save(commit=False), by=request.user),
        title=f"Modifier l'organisation « {organisation} »",
        success_url=back,
        back_url=back,
        success_message="L'organisation a été enregistrée.",
    )


@require_http_methods(["GET", "POST"])
def account_invite(request, slug, pk):
    """Invite a person of a partner organisation: their account is created, with the role given, and they
    receive by e-mail a one-time link to choose their password."""
    charter = get_object_or_404(Charter.objects.member_of(request.user), slug=slug)
    partnership = _partnership(request, charter, pk)
    roles = invitable_roles(request.user, charter, partnership.organisation)
    if not roles:
        raise Http404
    form = InvitationForm(request.POST or None, roles=roles)
    back = reverse("charter:partner_detail", args=[charter.slug, partnership.pk])
    return form_page(
        request,
        form,
        lambda f: services_accounts.invite_account(
            charter=charter, organisation=partnership.organisation, invited_by=request.user, **f.values
        ),
        title=f"Inviter une personne — {partnership.organisation}",
        success_url=back,
        back_url=back,
        success_message="L'invitation est en cours d'envoi : la personne recevra un lien pour choisir son mot de passe.",
    )


def _account(request, charter, user_pk) -> User:
    return get_object_or_404(
        User.objects.manageable_by(request.user, charter).select_related("organisation"), pk=user_pk
    )


def _account_back(charter, account) -> str:
    partnership = Partnership.objects.filter(charter=charter, organisation=account.organisation_id).first()
    if partnership is None:
        return _partners_url(charter)
    return reverse("charter:partner_detail", args=[charter.slug, partnership.pk])


@require_http_methods(["GET", "POST"])
def account_role(request, slug, user_pk):
    charter = coordinated_charter(request, slug)
    account = _account(request, charter, user_pk)
    form = AccountRoleForm(request.POST or None, initial={"role": account.role})
    back = _account_back(charter, account)
    return form_page(
        request,
        form,
        lambda f: services_accounts.set_account_role(
            charter=charter, account=account, role=f.values["role"], by=request.user
        ),
        title=f"Rôle de {account.get_full_name() or account.username}",
        success_url=back,
        back_url=back,
        success_message="Le rôle a été enregistré.",
    )


@require_POST
def account_active(request, slug, user_pk, active):
    charter = coordinated_charter(request, slug)
    account = _account(request, charter, user_pk)
    return post_action(
        request,
        lambda: services_accounts.set_account_active(
            charter=charter, account=account, active=active, by=request.user
        ),
        success="Le compte est réactivé." if active else "Le compte est désactivé : ce qu'il a saisi reste.",
        target=_account_back(charter, account),
    )


@require_POST
def account_reinvite(request, slug, user_pk):
    charter = coordinated_charter(request, slug)
    account = _account(request, charter, user_pk)
    return post_action(
        request,
        lambda: services_accounts.resend_invitation(charter=charter, account=account, by=request.user),
        success="Une nouvelle invitation est en cours d'envoi.",
        target=_account_back(charter, account),
    )


def account_list(request, slug):
    """Every account of the charter's partners, a page at a time; `?jamais=1`: those that never logged in."""
    charter = coordinated_charter(request, slug)
    accounts = User.objects.of_charter_partners(charter).select_related("organisation")
    never = request.GET.get("jamais") == "1"
    if never:
        accounts = accounts.never_logged_in().filter(is_active=True)
    page = Paginator(
        accounts.order_by("organisation__name", "last_name", "username", "pk"), ACCOUNTS_PER_PAGE
    )
    page = page.get_page(request.GET.get("page"))
    partner_pks = dict(
        Partnership.objects.filter(
            charter=charter, organisation__in={a.organisation_id for a in page}
        ).values_list("organisation_id", "pk")
    )
    for account in page:
        account.partnership_pk = partner_pks.get(account.organisation_id)
    context = {
        "charter": charter,
        "page": page,
        "never": never,
        "query": "jamais=1" if never else "",
        "never_count": User.objects.of_charter_partners(charter)
        .never_logged_in()
        .filter(is_active=True)
        .count(),
    }
    return render(request, "charter/accounts/account_list.html", context)
