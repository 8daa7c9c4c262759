"""Enumerations of funding, shared by its models, querysets, forms and tables, and the plausible ranges of
the numbers a user types."""

from decimal import Decimal

from django.db import models

# Plausible ranges, enforced by the models (validators and database constraints) and by the forms.
AMOUNT_MIN = Decimal("0.01")
AMOUNT_MAX = Decimal("100000000000")  # 100 billion euros: far above any GUSP budget, below any overflow
AMOUNT_DIGITS = 14  # 12 digits before the decimal comma, 2 after
YEAR_MIN = 1990
YEAR_MAX = 2100
CENT = Decimal("0.01")

# The label of the GUSP mission (the coordinator post) where a sheet would be named.
MISSION_LABEL = "Mission GUSP (poste de chargé(e) de mission)"
# The mark of every record the demonstration data makes: the charter gives the rules, not the amounts.
DEMO_NOTE = "Montant de démonstration : la charte donne la règle, pas les montants."


class FinancerKind(models.TextChoices):
    """Who a financer is, in the words of section VII."""

    PARTNER = "partner", "Partenaire de la charte"
    LANDLORDS = "landlords", "Bailleurs sociaux, au prorata des logements"
    COMPLEMENTARY = "complementary", "Financement complémentaire"


# Financers whose commitments are the partners' engagements: complementary funding found later is deducted
# from them (« dont le montant viendra en déduction des engagements de chacun des partenaires »).
PARTNER_KINDS = (FinancerKind.PARTNER, FinancerKind.LANDLORDS)


class CommitmentState(models.TextChoices):
    """The state a user sets. Payments are recorded on a committed (voted) commitment."""

    HOPED = "hoped", "Espéré"
    REQUESTED = "requested", "Demandé"
    COMMITTED = "committed", "Engagé (voté)"


class Stage(models.TextChoices):
    """Where a commitment stands, derived from its state and its payments (`querysets.stage_expression`):
    a committed commitment is partly paid, then paid, as payments are recorded. The table filters on it."""

    HOPED = "hoped", "Espéré"
    REQUESTED = "requested", "Demandé"
    COMMITTED = "committed", "Engagé, non versé"
    PARTLY_PAID = "partly_paid", "Versé en partie"
    PAID = "paid", "Versé"
