"""Routing: which organisation must act on a finding, and by when.

The charter's rules (`RoutingRule`) pair a category — or « toutes catégories » — with a kind of place;
the category's own rule wins over the general one. A rule sends the finding either to the landlord of
the residence named (a stairwell of an OPAC Sud residence → OPAC Sud), or to a designated organisation
and service (bulky waste on public space → the CPA's Direction des collectes; an abandoned car → the
city's municipal police). No matching rule: the finding waits for the coordinator, who routes it by hand.

The due date is the routing day plus the category's target delay (`due_date`). Both are written on the
finding when it is routed: a rule or a delay changed later applies to new findings only."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from ..choices import Assignee
from ..models import Category, RoutingRule


@dataclass(frozen=True)
class Routing:
    organisation: object
    service: str
    rule: RoutingRule | None


def resolve(*, charter_id: int, category: Category, place_kind: str, residence=None) -> Routing | None:
    """The organisation (and service) the rules send a finding to, or None when no rule applies."""
    rules = RoutingRule.objects.matching(
        charter_id=charter_id, category_id=category.pk, place_kind=place_kind
    )
    return choose(list(rules), category=category, place_kind=place_kind, residence=residence)


def choose(rules, *, category: Category, place_kind: str, residence=None) -> Routing | None:
    """The routing among `rules` (any rules of the charter): the category's own rule for the place first,
    then the place's « toutes catégories » rule; a landlord rule needs a residence."""
    candidates = [r for r in rules if r.place_kind == place_kind and r.category_id in (category.pk, None)]
    candidates.sort(key=lambda r: r.category_id is None)
    for rule in candidates:
        if rule.assignee == Assignee.LANDLORD:
            if residence is None:
                continue
            return Routing(organisation=residence.landlord, service="", rule=rule)
        return Routing(organisation=rule.organisation, service=rule.service, rule=rule)
    return None


def due_date(routed_at: dt.datetime, category: Category) -> dt.date:
    """The day a finding routed at `routed_at` must be treated by: the routing day (in local time) plus
    the category's target delay in days."""
    return timezone.localdate(routed_at) + dt.timedelta(days=category.target_days)
