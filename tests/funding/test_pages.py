"""The funding pages as the partners read them: the GUSP mission with the landlords' split and its
computation, a sheet's budget follow-up, and the budget badges the action plan's pages show."""

import html
import re
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.models import ProjectSheet
from charter.models import User
from funding.querysets import landlord_dwellings
from funding.shares import split_pro_rata


def text(response) -> str:
    page = html.unescape(response.content.decode()).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def test_the_mission_page_shows_the_landlords_split(vitrolles, client_as):
    page = text(client_as("opac-sud").get(reverse("funding:mission", args=[vitrolles.slug]) + "?annee=2007"))
    assert "Coût total de la mission en 2007 : 55 000,00 €" in page
    assert "Part des bailleurs en 2007 : 8 250,00 €" in page
    assert "× ses logements ÷ 2193" in page or "× ses logements ÷ 2 193" in page
    for landlord, share in split_pro_rata(Decimal("8250.00"), landlord_dwellings(vitrolles)).items():
        assert f"{landlord.name} " in page
        assert f"{share:,.2f} €".replace(",", " ").replace(".", ",") in page
    assert "Démonstration" in page
    assert "Reste à financer" in page


def test_the_sheet_budget(vitrolles, client_as):
    """Sheet 1: 33 000 € voted in 2007 (OPAC Sud 20 000, LOGIREM 8 000, the city 5 000), of which 29 000 €
    paid; 29 000 € more hoped for or requested. With an estimate of 30 000 €, it is over and late."""
    sheet = ProjectSheet.objects.get(charter=vitrolles, number=1)
    sheet.estimated_cost = Decimal("30000.00")
    sheet.save()
    page = text(client_as("comite").get(reverse("funding:sheet_budget", args=[sheet.pk])))
    assert "Coût estimatif (fiche) 30 000,00 €" in page
    assert "Engagements, tous états 62 000,00 €" in page
    assert "Engagé (voté) 33 000,00 €" in page
    assert "Versé 29 000,00 €" in page
    assert "Voté, reste à verser 4 000,00 €" in page
    assert "Voté au-delà du coût estimé -3 000,00 €" in page
    assert "Engagements supérieurs au coût estimé" in page and "Engagé non versé après son année" in page


BADGES = Template("{% load funding %}{% for sheet in sheets %}[{% funding_badges sheet %}]{% endfor %}")


def render_badges(sheets, user):
    request = RequestFactory().get("/")
    request.user = user
    return BADGES.render(Context({"sheets": sheets, "request": request}))


def test_the_badges_for_the_action_plans_pages(vitrolles, client_as):
    sheets = list(ProjectSheet.objects.filter(charter=vitrolles).order_by("number"))
    member = User.objects.get(username="comite")
    with CaptureQueriesContext(connection) as queries:
        rendered = render_badges(sheets, member)
    assert len(queries) <= 3  # the membership, once, and the flags of every sheet, once
    assert rendered.count("Engagé non versé après son année") == 2  # sheets 1 and 8
    assert "/fiches/1/financements/" in rendered or f"/fiches/{sheets[0].pk}/financements/" in rendered

    assert "badge" not in render_badges(sheets, AnonymousUser())
