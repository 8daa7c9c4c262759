import datetime as dt

import pytest

from actions.choices import ActionStatus
from tests.factories import ActionFactory, ProjectSheetFactory, ThemeFactory


@pytest.fixture
def plan(small_world):
    """On the small world: a published sheet about every quarter, and three actions under way in the first
    quarter, due in a year and a half: one led by landlord A, one led by landlord B with landlord A as
    partner, one led by landlord B alone."""
    w = small_world
    sheet = ProjectSheetFactory(
        charter=w.charter,
        theme=ThemeFactory(charter=w.charter, code="A", title="Propreté et entretien"),
        title="Amélioration de la propreté des parties communes",
        expected_results="Améliorer la qualité globale de la propreté",
        findings="La propreté est la première cause d'insatisfaction des locataires.",
        all_territories=True,
        published=True,
    )

    def action(title, lead, partners=()):
        return ActionFactory(
            sheet=sheet,
            title=title,
            lead=lead,
            partners=partners,
            territory=w.territory,
            starts_on=dt.date.today() - dt.timedelta(days=100),
            due_on=dt.date.today() + dt.timedelta(days=550),
            status=ActionStatus.UNDER_WAY,
            progress=20,
        )

    return {
        "sheet": sheet,
        "action_a": action("Contrôle qualité du bailleur A", w.landlord_a),
        "joint_action": action("Protocole inter-bailleurs", w.landlord_b, [w.landlord_a]),
        "action_b": action("Contrôle qualité du bailleur B", w.landlord_b),
        "residence_a": w.residence_a,
        "residence_b": w.residence_b,
    }
