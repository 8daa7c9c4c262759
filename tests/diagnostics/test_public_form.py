"""The inhabitants' form: no account, moderated before routing; refused posts (not an image, 30 MB, 50
posts in a minute, robots) say why in French and write nothing; a script in the text is harmless; the
reporter's e-mail address shows on the coordinator's moderation page only, and is deleted at closing."""

import datetime as dt
import time

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from diagnostics import services
from diagnostics.choices import FindingState, PlaceKind, RejectReason
from diagnostics.forms import form_token
from diagnostics.models import Finding, Report
from gusp.core import jobs
from gusp.core.models import Job
from tests.utils import all_counts, client_as

from .factories import INSIDE_A, jpeg_bytes, photo_upload

EMAIL = "habitante.test@example.net"
SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def report_data(field, **overrides):
    return {
        "territory": field.territory.pk,
        "category": field.categories["encombrants"].pk,
        "place_kind": PlaceKind.PUBLIC,
        "place_note": "Devant l'école",
        "latitude": INSIDE_A[0],
        "longitude": INSIDE_A[1],
        "description": "Un canapé abandonné sur le trottoir.",
        "email": EMAIL,
        "website": "",
        "started": form_token(time.time() - 30),
    } | overrides


def url(field):
    return reverse("diagnostics:report", args=[field.charter.slug])


def refused(response, status, message):
    html = response.content.decode()
    assert response.status_code == status, (response.status_code, html[:2000])
    assert message in html, html[:3000]


def test_a_report_waits_for_moderation_then_is_routed(field):
    client = Client()
    response = client.post(url(field), report_data(field) | {"photos": [photo_upload("canape.jpg")]})
    assert response.status_code == 302 and response["Location"] == reverse(
        "diagnostics:report_thanks", args=[field.charter.slug]
    )
    report = Report.objects.get(finding__charter=field.charter)
    finding = report.finding
    assert (finding.state, finding.assigned_to, finding.source, report.email) == (
        FindingState.MODERATION,
        None,
        "report",
        EMAIL,
    )
    assert finding.photos.count() == 1
    assert not Job.objects.filter(key__startswith=f"diagnostics:routed:{finding.pk}:").exists()
    # Posted twice (a reload): one report.
    client.post(url(field), report_data(field, started=response.wsgi_request.POST["started"]))
    assert Report.objects.filter(finding__charter=field.charter).count() == 1
    # Not seen by partners before moderation.
    assert client_as(field.referent_a).get(finding.get_absolute_url()).status_code == 404
    services.accept_report(
        report=report, author=field.coordinator, category=finding.category, territory=field.territory,
        place_kind=PlaceKind.PUBLIC, residence=None, place_note="Devant l'école", description="Canapé abandonné.",
        is_public=True,
    )  # fmt: skip
    finding.refresh_from_db()
    assert (finding.state, finding.assigned_to, finding.is_public) == (FindingState.NEW, field.cpa, True)


REFUSALS = {
    "not an image": (
        lambda: {"photos": [photo_upload("plan.pdf", b"%PDF-1.4\n%\xe2\xe3 not an image")]},
        "n&#x27;est pas une photo",
    ),
    "disguised": (
        lambda: {"photos": [photo_upload("photo.jpg", b"%PDF-1.4\n%\xe2\xe3")]},
        "ne correspond pas à son nom",
    ),
    "executable": (
        lambda: {"photos": [photo_upload("photo.jpg", b"MZ\x90\x00" + b"\0" * 100)]},
        "type accepté",
    ),
    "broken image": (lambda: {"photos": [photo_upload("photo.jpg", jpeg_bytes()[:200])]}, "illisible"),
    "honeypot": (lambda: {"website": "http://spam.example"}, "n&#x27;a pas pu être enregistré"),
    "too fast": (lambda: {"started": form_token(time.time())}, "n&#x27;a pas pu être enregistré"),
    "forged token": (lambda: {"started": "forged"}, "expiré"),
    "no text": (lambda: {"description": ""}, "Ce champ est obligatoire"),
    "latitude": (lambda: {"latitude": 1000}, "inférieure ou égale à 90"),
    "forged id": (lambda: {"territory": 10**30}, "Ce choix n&#x27;appartient pas à cette charte"),
    "bad e-mail": (lambda: {"email": "pas-une-adresse"}, "adresse de courriel valide"),
    "long text": (lambda: {"description": "x" * 2001}, "2000 caractères"),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_refused_reports_say_why_and_write_nothing(field, case):
    overrides, message = REFUSALS[case]
    client = Client()
    before = all_counts()
    refused(client.post(url(field), report_data(field, **overrides())), 400, message)
    assert all_counts() == before


def test_a_30_mb_post_is_refused_before_it_is_read(field):
    client = Client()
    before = all_counts()
    big = photo_upload("enorme.jpg", jpeg_bytes() + b"\0" * (30 * 1024 * 1024))
    refused(client.post(url(field), report_data(field, photos=[big])), 413, "dépasse 12 Mo")
    assert all_counts() == before


def test_fifty_posts_in_a_minute_from_one_address(field):
    client = Client()
    statuses = []
    for i in range(50):
        response = client.post(url(field), report_data(field, started=form_token(time.time() - 30 - i / 100)))
        statuses.append(response.status_code)
        if response.status_code == 429:
            assert "Trop de signalements" in response.content.decode()
    assert statuses[:5] == [302] * 5 and set(statuses[5:]) == {429}
    assert Finding.objects.filter(charter=field.charter).count() == 5
    assert Report.objects.filter(finding__charter=field.charter).count() == 5
    # Another address is not held back.
    other = Client(REMOTE_ADDR="192.0.2.77")
    assert other.post(url(field), report_data(field, started=form_token(time.time() - 31))).status_code == 302


def test_a_script_in_the_text_is_harmless(field):
    Client().post(url(field), report_data(field, description=SCRIPT, place_note=SCRIPT[:150]))
    report = Report.objects.get(finding__charter=field.charter)
    assert report.finding.description == SCRIPT  # kept as typed…
    coordinator = client_as(field.coordinator)
    for page in (
        reverse("diagnostics:moderation_list", args=[field.charter.slug]),
        reverse("diagnostics:moderate", args=[report.pk]),
    ):
        html = coordinator.get(page).content.decode()
        assert "<script>alert" not in html and "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")
        assert "&lt;script&gt;alert" in html  # …and shown as text


def test_the_reporters_email_shows_on_the_moderation_page_only_and_goes_at_closing(field, settings):
    Client().post(url(field), report_data(field))
    report = Report.objects.get(finding__charter=field.charter)
    coordinator = client_as(field.coordinator)
    assert EMAIL in coordinator.get(reverse("diagnostics:moderate", args=[report.pk])).content.decode()
    services.accept_report(
        report=report, author=field.coordinator, category=report.finding.category, territory=field.territory,
        place_kind=PlaceKind.PUBLIC, residence=None, place_note="", description="Canapé abandonné.", is_public=True,
    )  # fmt: skip
    finding = Finding.objects.get(pk=report.finding_id)
    key, raw = services.create_api_key(
        charter=field.charter, organisation=field.cpa, label="Logiciel", author=field.coordinator
    )
    slug = field.charter.slug
    pages = {
        (coordinator, finding.get_absolute_url()),
        (coordinator, reverse("diagnostics:finding_list", args=[slug])),
        (coordinator, reverse("diagnostics:todo", args=[slug])),
        (coordinator, reverse("diagnostics:map_data", args=[slug])),
        (client_as(field.cpa_referent), finding.get_absolute_url()),
        (client_as(field.cpa_referent), reverse("diagnostics:todo", args=[slug])),
        (Client(), finding.get_absolute_url()),
        (Client(), reverse("diagnostics:public_list", args=[slug])),
        (Client(), reverse("diagnostics:map_data", args=[slug])),
        (Client(), reverse("diagnostics:open311_requests") + f"?jurisdiction_id={slug}"),
        (Client(), reverse("diagnostics:open311_requests") + f"?api_key={raw}"),
        (Client(), reverse("diagnostics:open311_request", args=[finding.pk]) + f"?api_key={raw}"),
    }
    for client, page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert EMAIL not in response.content.decode(), page
        assert str(finding.pk) in response.content.decode() or "open311" not in page
    # Treated: the reporter is told once (a durable job); checked: the address is gone.
    services.change_state(finding=finding, to_state=FindingState.ACKNOWLEDGED, author=field.cpa_referent)
    services.change_state(finding=finding, to_state=FindingState.TREATED, author=field.cpa_referent)
    job = Job.objects.get(key=f"diagnostics:reporter:{report.pk}")
    mail.outbox.clear()
    assert jobs.run(job.pk) == "done"
    assert [m.to for m in mail.outbox] == [[EMAIL]] and "traité" in mail.outbox[0].subject
    jobs.run(job.pk)
    assert len(mail.outbox) == 1
    report.refresh_from_db()
    assert report.email == EMAIL and report.notified_at is not None
    services.change_state(finding=finding, to_state=FindingState.CHECKED, author=field.coordinator)
    report.refresh_from_db()
    assert report.email == "" and report.email_deleted_at is not None


def test_a_report_rejected_at_moderation_loses_its_address_at_once(field):
    Client().post(url(field), report_data(field))
    report = Report.objects.get(finding__charter=field.charter)
    services.reject_report(report=report, author=field.coordinator, reject_reason=RejectReason.INVALID)
    report.refresh_from_db()
    assert report.email == "" and report.finding.state == FindingState.REJECTED
    assert not Job.objects.filter(key__startswith="diagnostics:reporter:").exists()


def test_the_purge_deletes_what_is_left(field):
    Client().post(url(field), report_data(field))
    Client(REMOTE_ADDR="192.0.2.8").post(url(field), report_data(field, started=form_token(time.time() - 40)))
    old, recent = Report.objects.filter(finding__charter=field.charter).order_by("pk")
    Report.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - dt.timedelta(days=400))
    assert services.purge_reporter_emails() >= 1
    assert Report.objects.get(pk=old.pk).email == ""
    assert Report.objects.get(pk=recent.pk).email == EMAIL


def test_the_form_says_how_long_the_address_is_kept(field):
    html = Client().get(url(field)).content.decode()
    assert "effacé dès la clôture du signalement" in html and "12 mois" in html
    assert 'name="website"' in html and 'class="hp"' in html
