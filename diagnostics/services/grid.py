"""Writes of the coordinator's configuration: the grid of categories and the routing rules."""

from django.core.exceptions import ValidationError
from django.db import transaction

from charter.models import Organisation

from ..models import Category, RoutingRule


@transaction.atomic
def save_category(*, category: Category) -> Category:
    category.full_clean()
    category.save()
    return category


@transaction.atomic
def save_rule(*, rule: RoutingRule) -> RoutingRule:
    """Create or change a routing rule. Findings already routed keep their organisation and due date: a
    rule applies to the findings routed after it is saved."""
    if (
        rule.organisation_id
        and not Organisation.objects.in_charter(rule.charter_id).filter(pk=rule.organisation_id).exists()
    ):
        raise ValidationError({"organisation": "Cette organisation ne participe pas à la charte."})
    duplicate = RoutingRule.objects.filter(
        charter_id=rule.charter_id, category_id=rule.category_id, place_kind=rule.place_kind
    ).exclude(pk=rule.pk)
    if duplicate.exists():
        raise ValidationError(
            {"place_kind": "Une règle existe déjà pour cette catégorie et ce lieu : modifiez-la."}
        )
    rule.full_clean(validate_constraints=False)
    rule.save()
    return rule


@transaction.atomic
def delete_rule(*, rule: RoutingRule) -> None:
    rule.delete()
