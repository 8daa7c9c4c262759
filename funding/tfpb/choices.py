"""Enumerations and reference figures of the TFPB programmes, shared by their models, querysets, forms and
the report."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import models

# Plausible ranges of what a user types.
DWELLINGS_MAX = 1_000_000
TEXT_MAX = 5000
# The kind of committee whose decision validates a report (governance.choices.CommitteeKind.STEERING: funding
# does not import governance, it names the value).
STEERING_KIND = "steering"
# The mark of the records the demonstration data makes.
DEMO_NOTE = "Donnée de démonstration : exemple fictif."


class Axis(models.IntegerChoices):
    """The eight axes of the national framework of the TFPB abatement (cadre national d'utilisation de
    l'abattement de TFPB dans les quartiers prioritaires, 2015, actualisé en 2021)."""

    PRESENCE = 1, "Renforcement de la présence du personnel de proximité"
    TRAINING = 2, "Formation / soutien des personnels de proximité"
    UPKEEP = 3, "Sur-entretien"
    WASTE = 4, "Gestion des déchets et encombrants / épaves"
    TRANQUILLITY = 5, "Tranquillité résidentielle"
    CONSULTATION = 6, "Concertation / sensibilisation des locataires"
    SOCIAL = 7, "Animation, lien social, vivre ensemble"
    WORKS = 8, "Petits travaux d'amélioration de la qualité de service"


AXIS_MIN, AXIS_MAX = min(Axis.values), max(Axis.values)
UNKNOWN_AXIS = "Axe inconnu : choisissez l'un des huit axes du cadre national de l'abattement de TFPB."


class ReportState(models.TextChoices):
    """Where the programme and report of a landlord × quarter × year stand."""

    DRAFT = "draft", "En préparation par le bailleur"
    SUBMITTED = "submitted", "Transmis, à valider par le comité de pilotage"
    VALIDATED = "validated", "Validé par le comité de pilotage"


@dataclass(frozen=True)
class ReferenceFigure:
    """An average effort per dwelling and per year financed by the abatement, to compare a report with."""

    key: str
    label: str
    per_dwelling: Decimal
    source: str


# The defaults; `settings.GUSP_TFPB_REFERENCE_FIGURES` (a list of dicts with the same keys) replaces them.
REFERENCE_FIGURES = (
    ReferenceFigure(
        key="national",
        label="Référence nationale (USH, 2017–2019)",
        per_dwelling=Decimal("183.00"),
        source=(
            "Union sociale pour l'habitat (USH), bilan national de l'utilisation de l'abattement de TFPB "
            "sur 2017–2019 : environ 183 € par logement et par an."
        ),
    ),
    ReferenceFigure(
        key="regional",
        label="Référence régionale",
        per_dwelling=Decimal("233.00"),
        source=(
            "Étude régionale sur l'utilisation de l'abattement de TFPB : 233 € par logement et par an "
            "(auteur et année à compléter par la coordination)."
        ),
    ),
)


def reference_figures() -> tuple[ReferenceFigure, ...]:
    configured = getattr(settings, "GUSP_TFPB_REFERENCE_FIGURES", None)
    if not configured:
        return REFERENCE_FIGURES
    return tuple(
        ReferenceFigure(
            key=row["key"],
            label=row["label"],
            per_dwelling=Decimal(str(row["per_dwelling"])),
            source=row["source"],
        )
        for row in configured
    )
