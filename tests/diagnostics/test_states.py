"""The treatment of a finding: every allowed and every forbidden change of state, who may make it, what it
records; a landlord's referent cannot treat another landlord's finding (HTTP, database unchanged)."""

import itertools

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from diagnostics import services, states
from diagnostics.choices import CheckResult, FindingState, PlaceKind, RejectReason
from diagnostics.models import Finding
from tests.utils import client_as, stored_state

from .factories import checked_photo, photo_upload, record, walk

S = FindingState
ALL_STATES = list(S)
# The table of diagnostics.states, written out again by hand: the tests fail if either side changes alone.
ALLOWED = {
    (S.NEW, S.ACKNOWLEDGED),
    (S.NEW, S.REJECTED),
    (S.ACKNOWLEDGED, S.IN_PROGRESS),
    (S.ACKNOWLEDGED, S.TREATED),
    (S.ACKNOWLEDGED, S.REJECTED),
    (S.IN_PROGRESS, S.TREATED),
    (S.REOPENED, S.IN_PROGRESS),
    (S.REOPENED, S.TREATED),
    (S.TREATED, S.CHECKED),
    (S.TREATED, S.REOPENED),
    (S.MODERATION, S.REJECTED),
}


def test_the_table_is_the_one_written_here():
    assert set(states.TRANSITIONS) - states.ROUTING_TRANSITIONS == ALLOWED


def _in_state(field, state):
    """A finding of landlord A brought to `state` as it would be on the platform."""
    finding = record(field, place=PlaceKind.BUILDING, residence=field.residence_a)
    if state == S.MODERATION:
        Finding.objects.filter(pk=finding.pk).update(state=S.MODERATION, assigned_to=None)
    else:
        Finding.objects.filter(pk=finding.pk).update(
            state=state, reject_reason="invalid" if state == S.REJECTED else ""
        )
    return Finding.objects.get(pk=finding.pk)


@pytest.mark.parametrize(("source", "target"), list(itertools.product(ALL_STATES, ALL_STATES)))
def test_every_change_of_state(field, source, target):
    finding = _in_state(field, source)
    extra = {"reject_reason": RejectReason.INVALID} if target == S.REJECTED else {}
    if (source, target) in ALLOWED:
        event = services.change_state(
            finding=finding, to_state=target, author=field.coordinator, comment="ok", **extra
        )
        finding.refresh_from_db()
        assert finding.state == target
        assert (event.from_state, event.to_state, event.author, event.comment) == (
            source,
            target,
            field.coordinator,
            "ok",
        )
    else:
        with pytest.raises(ValidationError):
            services.change_state(finding=finding, to_state=target, author=field.coordinator, **extra)
        finding.refresh_from_db()
        assert finding.state == source
        assert not finding.events.filter(kind="transition").exists()


@pytest.mark.parametrize(("source", "target"), sorted(ALLOWED))
def test_who_may_make_each_change(field, source, target):
    """The organisation in charge makes the treatment changes; checking, reopening and rejecting a report
    at moderation are the coordinator's; another landlord and a committee member make none."""
    finding = _in_state(field, source)
    extra = {"reject_reason": RejectReason.INVALID} if target == S.REJECTED else {}
    for user in (field.referent_b, field.member, field.outsider):
        with pytest.raises(ValidationError):
            services.change_state(finding=finding, to_state=target, author=user, **extra)
    assignee_may = states.TRANSITIONS[(source, target)] == states.ASSIGNEE
    if assignee_may:
        services.change_state(finding=finding, to_state=target, author=field.referent_a, **extra)
        assert Finding.objects.get(pk=finding.pk).state == target
    else:
        with pytest.raises(ValidationError):
            services.change_state(finding=finding, to_state=target, author=field.referent_a, **extra)


def test_clocks_and_photos_after(field):
    finding = record(field)
    services.change_state(finding=finding, to_state=S.ACKNOWLEDGED, author=field.referent_a)
    services.change_state(finding=finding, to_state=S.IN_PROGRESS, author=field.referent_a)
    event = services.change_state(
        finding=finding,
        to_state=S.TREATED,
        author=field.referent_a,
        comment="Nettoyé",
        photos=[checked_photo("apres.jpg")],
    )
    finding.refresh_from_db()
    assert finding.acknowledged_at <= finding.treated_at and finding.closed_at is None
    assert event.photos.get().original_name == "apres.jpg"
    services.change_state(
        finding=finding, to_state=S.REOPENED, author=field.coordinator, comment="Toujours sale"
    )
    finding.refresh_from_db()
    assert finding.treated_at is None
    services.change_state(finding=finding, to_state=S.TREATED, author=field.referent_a)
    services.change_state(finding=finding, to_state=S.CHECKED, author=field.coordinator)
    finding.refresh_from_db()
    assert finding.closed_at is not None
    assert [e.to_state for e in finding.events.filter(kind="transition")] == [
        S.ACKNOWLEDGED,
        S.IN_PROGRESS,
        S.TREATED,
        S.REOPENED,
        S.TREATED,
        S.CHECKED,
    ]


def test_a_rejection_needs_a_reason_and_a_duplicate_its_original(field):
    original, copy = record(field), record(field)
    with pytest.raises(ValidationError):
        services.change_state(finding=copy, to_state=S.REJECTED, author=field.referent_a)
    with pytest.raises(ValidationError):
        services.change_state(
            finding=copy, to_state=S.REJECTED, author=field.referent_a, reject_reason=RejectReason.DUPLICATE
        )
    with pytest.raises(ValidationError):
        services.change_state(
            finding=copy,
            to_state=S.REJECTED,
            author=field.referent_a,
            reject_reason=RejectReason.DUPLICATE,
            duplicate_of=copy,
        )
    services.change_state(
        finding=copy,
        to_state=S.REJECTED,
        author=field.referent_a,
        reject_reason=RejectReason.DUPLICATE,
        duplicate_of=original,
    )
    copy.refresh_from_db()
    assert (copy.state, copy.duplicate_of, copy.reject_reason) == (
        S.REJECTED,
        original,
        RejectReason.DUPLICATE,
    )


def test_the_next_walk_checks_the_previous_one(field):
    first = walk(field, days_ago=61, team=[field.referent_a])
    treated = record(field, walk=first)
    still_open = record(field, walk=first, category="controle-acces")
    for state in (S.ACKNOWLEDGED, S.TREATED):
        services.change_state(finding=treated, to_state=state, author=field.referent_a)
    second = walk(field, days_ago=0, team=[field.referent_b])
    assert list(services.previous_open(second)) == [treated, still_open]
    # Landlord B's referent walks the second one: at that walk they check what the first one found.
    services.check_at_walk(
        walk=second, finding=treated, result=CheckResult.STILL_THERE, author=field.referent_b
    )
    treated.refresh_from_db()
    assert treated.state == S.REOPENED
    with pytest.raises(ValidationError):  # once per walk
        services.check_at_walk(
            walk=second, finding=treated, result=CheckResult.FIXED, author=field.referent_b
        )
    services.check_at_walk(walk=second, finding=still_open, result=CheckResult.FIXED, author=field.referent_b)
    still_open.refresh_from_db()
    assert still_open.state == S.CHECKED and still_open.treated_at is not None
    # The first walk does not check itself; somebody outside the second walk's team does not either.
    third_party = record(field, walk=first)
    for walk_, user in ((first, field.referent_a), (second, field.member)):
        with pytest.raises(ValidationError):
            services.check_at_walk(walk=walk_, finding=third_party, result=CheckResult.FIXED, author=user)


# HTTP ------------------------------------------------------------------------------------------------


def test_a_landlords_referent_cannot_treat_another_landlords_finding(field):
    finding = record(field, residence=field.residence_a)
    client = client_as(field.referent_b)
    before = stored_state(finding)
    url = reverse("diagnostics:finding_transition", args=[finding.pk])
    assert client.get(url).status_code == 404
    response = client.post(
        url, {"to_state": S.ACKNOWLEDGED, "comment": "pas à nous", "edit_version": finding.version}
    )
    assert response.status_code == 404
    for name in ("finding_reroute", "finding_publish", "finding_action_create", "finding_action_link"):
        assert client.post(reverse(f"diagnostics:{name}", args=[finding.pk]), {}).status_code == 404
    assert stored_state(finding) == before


def test_the_landlord_in_charge_treats_it_through_the_page(field):
    finding = record(field, residence=field.residence_a)
    client = client_as(field.referent_a)
    url = reverse("diagnostics:finding_transition", args=[finding.pk])
    page = client.get(url + "?etat=acknowledged")
    assert page.status_code == 200 and "Prendre en compte" in page.content.decode()
    assert "Vérifier et clore" not in page.content.decode()
    response = client.post(url, {"to_state": S.ACKNOWLEDGED, "comment": "Vu", "form_key": "a" * 32})
    assert response.status_code == 302
    response = client.post(
        url + "?etat=treated",
        {
            "to_state": S.TREATED,
            "comment": "Fait",
            "photos": [photo_upload("apres.jpg")],
            "form_key": "b" * 32,
            "edit_version": Finding.objects.get(pk=finding.pk).version,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    finding.refresh_from_db()
    assert finding.state == S.TREATED
    assert finding.photos.get().event.to_state == S.TREATED
    # A forbidden change (checking is the coordinator's) is refused as a form error, nothing written.
    before = stored_state(finding)
    response = client.post(
        url, {"to_state": S.CHECKED, "form_key": "c" * 32, "edit_version": finding.version}
    )
    assert response.status_code == 400
    assert stored_state(finding) == before
