"""The syntheses through HTTP: who asks, follows, downloads and publishes — every partner of the charter asks
and downloads, the coordinator publishes, the public downloads only published public versions; everyone
else gets a 404 and writes nothing. Files are served by the checked view only, never cached."""

import uuid

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from gusp.core import jobs
from gusp.core.models import Job, JobState
from gusp.syntheses import services
from gusp.syntheses.models import Synthesis
from tests.factories import CharterFactory, TerritoryFactory
from tests.utils import all_counts, assert_refused, body

from .conftest import pdf_text


def request_payload(world, **overrides) -> dict:
    return {
        "theme": "",
        "territory": world.territory.pk,
        "starts_on": world.charter.starts_on.isoformat(),
        "ends_on": world.charter.ends_on.isoformat(),
        "form_key": uuid.uuid4().hex,
    } | overrides


def build_jobs():
    return Job.objects.filter(name=services.BUILD)


@pytest.fixture
def ready(world) -> Synthesis:
    """A partners' synthesis of the first quarter, made."""
    synthesis = services.request_synthesis(
        charter=world.charter, territory=world.territory, requested_by=world.member
    )
    jobs.run(synthesis.job_id)
    synthesis.refresh_from_db()
    assert synthesis.is_ready
    return synthesis


def test_a_committee_member_asks_for_a_synthesis_and_follows_it(
    world, client_as, django_capture_on_commit_callbacks
):
    member = client_as(world.member)
    url = reverse("syntheses:history", args=[world.charter.slug])
    page = member.get(url)
    assert page.status_code == 200 and "Préparer la synthèse" in page.content.decode()
    data = request_payload(world)
    with django_capture_on_commit_callbacks() as callbacks:
        response = member.post(url, data)
    synthesis = Synthesis.objects.get()
    assert response.status_code == 302 and response["Location"] == synthesis.get_absolute_url()
    assert (
        len(callbacks) == 1
        and synthesis.requested_by == world.member
        and synthesis.territory == world.territory
    )
    assert member.post(url, data).status_code == 302  # the same form posted twice: one synthesis
    assert member.post(url, request_payload(world)).status_code == 302  # asked again while made: joined
    assert Synthesis.objects.count() == 1 and build_jobs().count() == 1

    page = member.get(synthesis.get_absolute_url()).content.decode()
    assert "En attente" in page and "data-job-reload" in page and synthesis.job.get_status_url() in page
    status = member.get(synthesis.job.get_status_url()).json()
    assert status["state"] == "pending" and status["active"] is True
    jobs.run(synthesis.job_id)
    page = member.get(synthesis.get_absolute_url()).content.decode()
    synthesis.refresh_from_db()
    assert synthesis.get_download_url() in page and synthesis.checksum in page
    assert member.get(synthesis.job.get_status_url()).json()["state"] == "done"
    history = member.get(url).content.decode()
    assert synthesis.get_download_url() in history and "Quartier Les Amandiers" in history


def test_the_failure_reason_is_shown_and_who_asked_relaunches_it(world, client_as):
    synthesis = services.request_synthesis(charter=world.charter, requested_by=world.member)
    Job.objects.filter(pk=synthesis.job_id).update(
        state=JobState.FAILED, error="OSError : police introuvable", attempts=3
    )
    member = client_as(world.member)
    page = member.get(synthesis.get_absolute_url()).content.decode()
    assert "Échouée" in page and "police introuvable" in page and "Relancer la préparation" in page
    relaunch = reverse("syntheses:relaunch", args=[synthesis.pk])
    for other in [world.outsider, world.referent_a]:
        client = client_as(other)  # logged in before counting: logging in writes a session
        before = all_counts()
        assert client.post(relaunch).status_code == 404
        assert all_counts() == before
    assert member.post(relaunch).status_code == 302
    assert Job.objects.get(pk=synthesis.job_id).state == JobState.PENDING


@pytest.mark.parametrize("who", ["coordinator", "member", "referent_a"])
def test_every_partner_downloads_the_partners_synthesis_never_cached(world, ready, client_as, who):
    response = client_as(world.user(who)).get(ready.get_download_url())
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert f'filename="{ready.download_name}"' in response["Content-Disposition"]
    content = body(response)
    assert content.startswith(b"%PDF") and "AMANDIERS_JOURNAL" in pdf_text(content)


@pytest.mark.parametrize("who", ["outsider", "anonymous"])
def test_outsiders_and_the_public_get_nothing_of_the_partners_syntheses(world, ready, client_as, who):
    client = client_as(world.user(who))
    for url in [ready.get_download_url(), ready.get_absolute_url()]:
        assert client.get(url).status_code == 404, url
    assert client.get(ready.job.get_status_url()).status_code == (404 if who == "outsider" else 302)
    history = client.get(reverse("syntheses:history", args=[world.charter.slug]))
    assert history.status_code == (404 if who == "outsider" else 302)
    # The file has no public address: MEDIA_URL is not served.
    assert client.get(settings.MEDIA_URL + ready.file.name).status_code == 404


def test_only_the_coordinator_publishes_and_the_public_then_downloads_the_public_version(
    world, ready, client_as
):
    publish = reverse("syntheses:publish", args=[ready.pk])
    for other in [world.member, world.referent_a, world.outsider]:
        client = client_as(other)
        before = all_counts()
        assert client.post(publish).status_code == 404
        assert all_counts() == before
    assert client_as(None).post(publish).status_code == 302  # to the login page
    assert client_as(world.coordinator).post(publish).status_code == 302
    public = Synthesis.objects.get(source=ready)
    anonymous = client_as(None)
    assert anonymous.get(public.get_download_url()).status_code == 404  # not made yet
    jobs.run(public.job_id)
    public.refresh_from_db()
    listing = anonymous.get(reverse("syntheses:published_list", args=[world.charter.slug])).content.decode()
    assert public.get_download_url() in listing and ready.get_download_url() not in listing
    response = anonymous.get(public.get_download_url())
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    text = pdf_text(body(response))
    assert "Version publique" in text and "AMANDIERS_JOURNAL" not in text and "Entrée 3 bis" not in text
    assert anonymous.get(ready.get_download_url()).status_code == 404  # the partners' version stays theirs
    page = anonymous.get(public.get_absolute_url()).content.decode()
    assert world.coordinator.username not in page  # no names of who asked, for the public

    unpublish = reverse("syntheses:unpublish", args=[public.pk])
    assert client_as(world.member).post(unpublish).status_code == 404
    assert client_as(world.coordinator).post(unpublish).status_code == 302
    assert anonymous.get(public.get_download_url()).status_code == 404
    still = client_as(world.member).get(public.get_download_url())
    assert still.status_code == 200 and body(still).startswith(b"%PDF")  # the partners still read it


def test_a_synthesis_of_an_unpublished_charter_cannot_be_published(world, ready, client_as):
    type(world.charter).objects.filter(pk=world.charter.pk).update(is_published=False)
    response = client_as(world.coordinator).post(reverse("syntheses:publish", args=[ready.pk]), follow=True)
    assert "ne peuvent pas l" in response.content.decode()
    assert not Synthesis.objects.filter(source=ready).exists()


def test_an_outsider_cannot_ask_for_a_synthesis(world, client_as):
    outsider = client_as(world.outsider)
    before = all_counts()
    assert (
        outsider.post(
            reverse("syntheses:history", args=[world.charter.slug]), request_payload(world)
        ).status_code
        == 404
    )
    assert all_counts() == before


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"territory": "999999999999999999999999"}, "Ce choix n"),
        ({"territory": "-3"}, "Ce choix n"),
        ({"theme": "abc"}, "Ce choix n"),
        ({"territory": "other-charter"}, "Ce choix n"),
        ({"starts_on": "2009-01-01", "ends_on": "2008-01-01"}, "La fin de la période doit suivre son début."),
        ({"starts_on": "1850-01-01"}, "Choisissez une date entre"),
        ({"starts_on": "pas une date"}, "Saisissez une date valide."),
        ({"ends_on": ""}, "Ce champ est obligatoire."),
    ],
)
def test_a_bad_request_is_refused_and_writes_nothing(world, client_as, overrides, message):
    if overrides.get("territory") == "other-charter":
        overrides["territory"] = TerritoryFactory(charter=CharterFactory()).pk
    client = client_as(world.member)
    url = reverse("syntheses:history", args=[world.charter.slug])
    client.get(url)
    assert_refused(client, url, request_payload(world, **overrides), message)


@pytest.mark.parametrize(
    "query", ["?reunion=99999999999999999999999", "?theme=-1", "?quartier=abc", "?version=x", "?page=zzz"]
)
def test_a_forged_filter_is_no_error(world, client_as, query):
    response = client_as(world.member).get(reverse("syntheses:history", args=[world.charter.slug]) + query)
    assert response.status_code == 200


def test_the_meeting_page_include_lists_the_meetings_syntheses_to_partners_only(world, client_as):
    made = services.prepare_meeting(meeting=world.meeting)
    jobs.run(made[0].job_id)
    template = Template("{% load syntheses %}{% meeting_syntheses meeting %}")

    def render(user) -> str:
        request = RequestFactory().get("/")
        request.user = user
        return template.render(Context({"meeting": world.meeting, "request": request}))

    html = render(world.member)
    assert "Synthèses préparées pour la réunion" in html and made[0].get_download_url() in html
    assert f"?reunion={world.meeting.pk}" in html
    from django.contrib.auth.models import AnonymousUser

    assert render(world.outsider).strip() == "" and render(AnonymousUser()).strip() == ""
