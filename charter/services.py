"""Writes of the charter registry: keyword-only, atomic, validating; history is recorded by
django-simple-history on every save (with the request's user when called from a view)."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.text import slugify

from .models import (
    Charter,
    Organisation,
    Partnership,
    Residence,
    Role,
    Signature,
    Territory,
    User,
)
from .perms import grant_coordination, grant_landlord_residence


def unique_slug(model, base: str, **scope) -> str:
    root = slugify(base)[:70] or "element"
    slug, n = root, 2
    while model.objects.filter(slug=slug, **scope).exists():
        slug, n = f"{root}-{n}", n + 1
    return slug


@transaction.atomic
def create_organisation(*, name: str, kind: str, short_name: str = "", slug: str = "") -> Organisation:
    slug = slug or unique_slug(Organisation, short_name or name)
    group, _ = Group.objects.get_or_create(name=f"Organisation : {slug}")
    organisation = Organisation(name=name, short_name=short_name, kind=kind, slug=slug, group=group)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def create_charter(*, title: str, commune: str, starts_on, ends_on, slug: str = "", **fields) -> Charter:
    slug = slug or unique_slug(Charter, f"{commune}-{starts_on.year}")
    group, _ = Group.objects.get_or_create(name=f"Coordination : {slug}")
    charter = Charter(
        title=title,
        commune=commune,
        starts_on=starts_on,
        ends_on=ends_on,
        slug=slug,
        coordination_group=group,
        **fields,
    )
    charter.full_clean()
    charter.save()
    grant_coordination(charter)
    return charter


@transaction.atomic
def add_partner(*, charter: Charter, organisation: Organisation, is_signatory: bool = False) -> Partnership:
    partnership, created = Partnership.objects.get_or_create(
        charter=charter, organisation=organisation, defaults={"is_signatory": is_signatory}
    )
    if not created and is_signatory and not partnership.is_signatory:
        partnership.is_signatory = True
        partnership.save(update_fields=["is_signatory"])
    return partnership


@transaction.atomic
def save_signature(*, signature: Signature) -> Signature:
    """Save a signature and make its organisation a signatory partner of the charter."""
    signature.full_clean()
    signature.save()
    add_partner(charter=signature.charter, organisation=signature.organisation, is_signatory=True)
    return signature


@transaction.atomic
def save_territory(*, territory: Territory) -> Territory:
    """Create or update a quarter; a new one gets a slug unique in its charter, made from its name."""
    if not territory.slug:
        territory.slug = unique_slug(Territory, territory.name, charter=territory.charter)
    territory.full_clean()
    territory.save()
    return territory


@transaction.atomic
def save_residence(*, residence: Residence) -> Residence:
    """Create or update a residence; its landlord's group gets (and a former landlord loses) edit rights."""
    previous_landlord = None
    if residence.pk:
        previous_landlord = Residence.objects.select_related("landlord").get(pk=residence.pk).landlord
    residence.full_clean()
    residence.save()
    add_partner(charter=residence.territory.charter, organisation=residence.landlord)
    grant_landlord_residence(residence, previous_landlord=previous_landlord)
    return residence


@transaction.atomic
def create_account(
    *,
    username: str,
    organisation: Organisation,
    role: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    position: str = "",
    password: str | None = None,
    coordinated_charters=(),
) -> User:
    """Create (or update) an account in one organisation. The user joins the organisation's group and,
    for a coordinator, the coordination group of each charter given."""
    user, _ = User.objects.update_or_create(
        username=username,
        defaults={
            "organisation": organisation,
            "role": role,
            "email": email,
            "first_name": first_name,
            "last_name": last_name,
            "position": position,
        },
    )
    if password:
        if not user.check_password(password):
            user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    user.groups.add(organisation.group)
    if role == Role.COORDINATOR:
        for charter in coordinated_charters:
            user.groups.add(charter.coordination_group)
    return user
