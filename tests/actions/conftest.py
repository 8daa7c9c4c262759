import datetime as dt

import pytest

from actions.models import Action, ActionStatus, ProjectSheet
from charter.models import Organisation, Residence


@pytest.fixture
def plan(demo):
    """Three actions on sheet 1: one led by OPAC Sud, one led by LOGIREM with OPAC Sud as partner, one led
    by LOGIREM alone, on the Pins residences of each landlord."""
    sheet = ProjectSheet.objects.get(charter=demo, number=1)
    opac, logirem = Organisation.objects.get(slug="opac-sud"), Organisation.objects.get(slug="logirem")
    pins = demo.territories.get(slug="les-pins")

    def action(title, lead, partners=()):
        created = Action.objects.create(
            sheet=sheet, title=title, lead=lead, territory=pins, starts_on=dt.date(2026, 1, 1),
            due_on=dt.date(2027, 6, 30), status=ActionStatus.UNDER_WAY, progress=20,
        )  # fmt: skip
        created.partners.set(partners)
        return created

    return {
        "sheet": sheet,
        "opac_action": action("Contrôle qualité OPAC", opac),
        "joint_action": action("Protocole inter-bailleurs", logirem, [opac]),
        "logirem_action": action("Contrôle qualité LOGIREM", logirem),
        "opac_residence": Residence.objects.get(landlord=opac, territory=pins),
        "logirem_residence": Residence.objects.get(landlord=logirem, territory=pins),
    }
