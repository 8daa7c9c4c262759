"""The syntheses, the TFPB programmes and the surveys are reached from the charter's page, and a steering
committee's meeting page tells its partners when its syntheses will be made (the template slots that
settings.GUSP_TEMPLATE_SLOTS wires)."""

from django.urls import reverse

from governance.choices import CommitteeKind
from governance.models import Committee
from gusp.syntheses import services
from tests.factories.governance import MeetingFactory


def charter_page(client, charter) -> str:
    response = client.get(reverse("charter:charter_detail", args=[charter.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_partners_reach_syntheses_programmes_and_surveys_from_the_charter(demo, client_as):
    html = charter_page(client_as("comite"), demo)
    assert reverse("syntheses:history", args=[demo.slug]) in html
    assert reverse("funding:tfpb_home", args=[demo.slug]) in html
    assert reverse("diagnostics:survey_list", args=[demo.slug]) in html


def test_the_public_sees_no_partner_link(demo, client_as):
    html = charter_page(client_as(None), demo)
    assert reverse("syntheses:history", args=[demo.slug]) not in html
    assert reverse("funding:tfpb_home", args=[demo.slug]) not in html
    # Nothing published yet: no link to published syntheses either.
    assert reverse("syntheses:published_list", args=[demo.slug]) not in html


def test_a_steering_meeting_page_announces_its_syntheses(demo, client_as):
    steering = Committee.objects.filter(charter=demo, kind=CommitteeKind.STEERING).first()
    meeting = MeetingFactory(committee=steering)  # in 30 days
    url = reverse("governance:meeting_detail", args=[meeting.pk])
    html = client_as("comite").get(url).content.decode()
    assert "Synthèses préparées pour la réunion" in html
    assert f"{services.days_before_steering()} jours avant la réunion" in html
    # Not for the public.
    public = client_as(None).get(url)
    assert "Synthèses préparées pour la réunion" not in public.content.decode()
