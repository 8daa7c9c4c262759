"""Every page of the field half opens for whom it is meant (on the Vitrolles demonstration), and only for
them: the others get a 404 (or a 403 when they may read the charter but not coordinate it)."""

import pytest
from django.urls import reverse

from diagnostics.models import ApiKey, Category, Finding, Report, RoutingRule, WalkingDiagnostic, WalkMember

SLUG = "vitrolles-2007"


def urls():
    walk = (
        WalkingDiagnostic.objects.filter(charter__slug=SLUG, sector="Les Pins nord")
        .order_by("planned_on")
        .last()
    )
    finding = Finding.objects.get(client_id__isnull=False, description__startswith="Hall et escalier")
    open_landlord = Finding.objects.get(description__startswith="Présence de rats")
    report = Report.objects.get(finding__charter__slug=SLUG)
    return {
        "home": reverse("diagnostics:home", args=[SLUG]),
        "walk_create": reverse("diagnostics:walk_create", args=[SLUG]),
        "capture_field": reverse("diagnostics:capture_field", args=[SLUG]),
        "finding_list": reverse("diagnostics:finding_list", args=[SLUG]) + "?late=true&category=&q=rats",
        "todo": reverse("diagnostics:todo", args=[SLUG]),
        "delays": reverse("diagnostics:delays", args=[SLUG]) + "?par=organisation-month",
        "category_list": reverse("diagnostics:category_list", args=[SLUG]),
        "category_create": reverse("diagnostics:category_create", args=[SLUG]),
        "category_edit": reverse(
            "diagnostics:category_edit", args=[Category.objects.filter(charter__slug=SLUG).first().pk]
        ),
        "rule_list": reverse("diagnostics:rule_list", args=[SLUG]),
        "rule_create": reverse("diagnostics:rule_create", args=[SLUG]),
        "rule_edit": reverse(
            "diagnostics:rule_edit", args=[RoutingRule.objects.filter(charter__slug=SLUG).first().pk]
        ),
        "moderation_list": reverse("diagnostics:moderation_list", args=[SLUG]),
        "moderate": reverse("diagnostics:moderate", args=[report.pk]),
        "key_list": reverse("diagnostics:key_list", args=[SLUG]),
        "key_create": reverse("diagnostics:key_create", args=[SLUG]),
        "walk_detail": walk.get_absolute_url(),
        "walk_edit": reverse("diagnostics:walk_edit", args=[walk.pk]),
        "member_add": reverse("diagnostics:member_add", args=[walk.pk]),
        "capture_walk": reverse("diagnostics:capture_walk", args=[walk.pk]),
        "finding_detail": finding.get_absolute_url(),
        "public_finding": Finding.objects.get(
            description__startswith="Matelas et meubles"
        ).get_absolute_url(),
        "open_finding_transition": reverse("diagnostics:finding_transition", args=[open_landlord.pk]),
        "finding_reroute": reverse("diagnostics:finding_reroute", args=[open_landlord.pk]),
        "finding_action_create": reverse("diagnostics:finding_action_create", args=[open_landlord.pk]),
        "finding_action_link": reverse("diagnostics:finding_action_link", args=[open_landlord.pk]),
        "map": reverse("diagnostics:map", args=[SLUG]),
        "map_data": reverse("diagnostics:map_data", args=[SLUG]),
        "report": reverse("diagnostics:report", args=[SLUG]),
        "report_thanks": reverse("diagnostics:report_thanks", args=[SLUG]),
        "public_list": reverse("diagnostics:public_list", args=[SLUG]),
        "service_worker": reverse("diagnostics:service_worker"),
    }


PUBLIC = {"map", "map_data", "report", "report_thanks", "public_list", "service_worker", "public_finding"}
COORDINATION = {
    "category_create", "category_edit", "rule_create", "rule_edit", "moderation_list", "moderate", "key_list",
    "key_create", "finding_reroute", "walk_edit", "member_add",
}  # fmt: skip
# OPAC Sud's referent treats the rats in its caves; OPAC Sud and LOGIREM walk the demo walks (they record
# findings on them) and, as partners' referents, plan walks and record findings outside them.
OPAC = {
    "open_finding_transition",
    "finding_action_create",
    "finding_action_link",
    "walk_create",
    "capture_field",
    "capture_walk",
}


@pytest.mark.parametrize("who", ["coordination", "opac-sud", "logirem", "comite", None])
def test_pages_open_for_whom_they_are_meant(demo, client_as, who):
    client = client_as(who)
    for name, url in urls().items():
        response = client.get(url)
        if who == "coordination" or name in PUBLIC:
            expected = {200}
        elif who is None:
            expected = {404} if name == "finding_detail" else {302}  # unpublished; the others: log in
        elif name in COORDINATION:
            expected = {403, 404}
        elif name in OPAC:
            expected = (
                {200}
                if who == "opac-sud"
                or (who == "logirem" and name in {"walk_create", "capture_field", "capture_walk"})
                else {403, 404}
            )
        else:
            expected = {200}
        assert response.status_code in expected, (who, name, url, response.status_code)


def test_demo_records_say_they_are_demonstration_data(demo, client_as):
    walk = WalkingDiagnostic.objects.filter(charter=demo, is_demo=True).first()
    html = client_as("comite").get(walk.get_absolute_url()).content.decode()
    assert "Donnée de démonstration" in html
    assert WalkMember.objects.filter(walk=walk).exists()
    assert not Finding.objects.filter(charter=demo, is_demo=False).exists()
    assert not ApiKey.objects.filter(charter=demo).exists()


FORM_PAGES = {"walk_create", "capture_field", "category_create", "rule_create", "key_create", "moderate",
              "walk_edit", "member_add", "capture_walk", "open_finding_transition", "finding_reroute",
              "finding_action_create", "finding_action_link", "report"}  # fmt: skip


def test_every_id_a_page_points_at_exists(demo, client_as):
    """As tests/test_form_ids.py does for the other apps (whose URL walk cannot fill these routes): the
    ids that labels and aria-describedby point at exist, on each page and on its forms sent back empty."""
    from tests.test_form_ids import read

    client = client_as("coordination")
    for name, url in urls().items():
        response = client.get(url)
        if not response["Content-Type"].startswith("text/html"):
            continue
        assert read(response).problems() == [], (name, read(response).problems())
        if name in FORM_PAGES:
            refused = client.post(url, {"description": "x\n" * 3000, "latitude": "nord", "target_days": "-1"})
            assert refused.status_code == 400, (name, refused.status_code)
            assert read(refused).problems() == [], (name, read(refused).problems())
