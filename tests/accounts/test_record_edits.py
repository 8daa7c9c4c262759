"""Editing, from its page, each record the coordinator sees (issue 13), on the Vitrolles demo: schedule
steps (marking one done), indicators, measurements, journal entries, « Vu » documents, quarters' figures,
and themes and sub-themes (created or edited).

For each edit page: the coordinator opens it and saves a change (stored, and recorded in the record's
history); a partner who may not edit it, a committee member and an anonymous visitor are
refused on GET and POST and nothing is written; a bad input is answered 400 with a French message and
nothing is written."""

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Indicator, Intervention, Measurement, Milestone
from charter.models import CharterReference, SubTheme, TerritoryFigure, Theme
from tests.utils import assert_refused, client_as, stored_state


@dataclass
class Case:
    url: str
    record: object  # the record edited; for a creation, the record it is created in
    data: dict  # a valid post that changes one field
    saved: Callable[[], bool]  # the database holds that change
    bad: dict  # overrides of `data` that the form refuses…
    message: str  # …with this message
    new: Callable[[], object] | None = None  # a creation: the record created


def version(record) -> dict:
    """The hidden version field of the form of a versioned record."""
    return {"edit_version": record.version} if hasattr(record, "version") else {}


def milestone(demo) -> Case:
    # Sheet 1 has no lead: its schedule is the coordinator's alone. The demo marks its steps done.
    step = Milestone.objects.filter(sheet__charter=demo, sheet__number=1).order_by("pk").first()
    assert step.sheet.lead is None
    Milestone.objects.filter(pk=step.pk).update(done=False)
    data = {"due_on": step.due_on.isoformat(), "label": step.label, "done": "on"} | version(step)
    return Case(
        reverse("actions:milestone_edit", args=[step.pk]),
        step,
        data,
        lambda: Milestone.objects.get(pk=step.pk).done,
        {"due_on": "1850-06-30"},
        "Choisissez une date entre 1990 et 2100.",
    )


def indicator(demo) -> Case:
    ind = Indicator.objects.filter(charter=demo).order_by("pk").first()
    data = {
        "name": ind.name,
        "unit": ind.unit,
        "direction": ind.direction,
        "target": "15",
        "description": ind.description,
    } | version(ind)
    return Case(
        reverse("actions:indicator_edit", args=[ind.pk]),
        ind,
        data,
        lambda: Indicator.objects.get(pk=ind.pk).target == Decimal("15"),
        {"target": "beaucoup"},
        "Saisissez un nombre.",
    )


def measurement(demo) -> Case:
    m = Measurement.objects.filter(indicator__charter=demo, territory__isnull=False).order_by("pk").first()
    data = {"measured_on": m.measured_on.isoformat(), "territory": m.territory_id, "value": "47.5"} | version(
        m
    )
    return Case(
        reverse("actions:measurement_edit", args=[m.pk]),
        m,
        data,
        lambda: Measurement.objects.get(pk=m.pk).value == Decimal("47.5"),
        {"value": "quarante"},
        "Saisissez un nombre.",
    )


def intervention(demo) -> Case:
    entry = (
        Intervention.objects.filter(action__sheet__charter=demo, author__username="opac-sud")
        .order_by("pk")
        .first()
    )
    data = {
        "done_on": entry.done_on.isoformat(),
        "residence": entry.residence_id,
        "text": "Relevé corrigé des parties communes.",
        "hours": str(entry.hours),
        "cost": "",
    } | version(entry)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    return Case(
        reverse("actions:intervention_edit", args=[entry.pk]),
        entry,
        data,
        lambda: Intervention.objects.get(pk=entry.pk).text == "Relevé corrigé des parties communes.",
        {"done_on": tomorrow.isoformat()},
        "ne peut pas être dans le futur.",
    )


def reference(demo) -> Case:
    ref = CharterReference.objects.filter(charter=demo).order_by("pk").first()
    data = {"title": ref.title, "details": "Précision ajoutée", "order": ref.order} | version(ref)
    return Case(
        reverse("charter:reference_edit", args=[demo.slug, ref.pk]),
        ref,
        data,
        lambda: CharterReference.objects.get(pk=ref.pk).details == "Précision ajoutée",
        {"title": "Vu la loi\nsur deux lignes"},
        "Ce champ tient sur une ligne",
    )


def figure(demo) -> Case:
    fig = TerritoryFigure.objects.filter(territory__charter=demo, kind="population").order_by("pk").first()
    value = fig.value + 1
    data = {
        "kind": fig.kind,
        "value": str(value),
        "year": fig.year or "",
        "source": fig.source,
        "note": fig.note,
    } | version(fig)
    return Case(
        reverse("charter:figure_edit", args=[fig.territory_id, fig.pk]),
        fig,
        data,
        lambda: TerritoryFigure.objects.get(pk=fig.pk).value == value,
        {"year": "1800"},
        "supérieure ou égale à 1900",
    )


def theme_create(demo) -> Case:
    data = {"code": "E", "title": "Tranquillité résidentielle", "description": ""}
    return Case(
        reverse("charter:theme_create", args=[demo.slug]),
        demo,
        data,
        lambda: Theme.objects.filter(charter=demo, code="E", title="Tranquillité résidentielle").exists(),
        {"code": "A"},  # the letter of an existing theme
        "Un autre thème de cette charte porte déjà cette lettre.",
        new=lambda: Theme.objects.get(charter=demo, code="E"),
    )


def sub_theme_create(demo) -> Case:
    theme = Theme.objects.filter(charter=demo).order_by("code").first()
    data = {"title": "Nouveau sous-thème", "order": 9}
    return Case(
        reverse("charter:sub_theme_create", args=[theme.pk]),
        theme,
        data,
        lambda: SubTheme.objects.filter(theme=theme, title="Nouveau sous-thème", order=9).exists(),
        {"title": ""},
        "Ce champ est obligatoire.",
        new=lambda: SubTheme.objects.get(theme=theme, title="Nouveau sous-thème"),
    )


def sub_theme_edit(demo) -> Case:
    sub = SubTheme.objects.filter(theme__charter=demo).order_by("pk").first()
    data = {"title": "Sous-thème renommé", "order": sub.order} | version(sub)
    return Case(
        reverse("charter:sub_theme_edit", args=[sub.theme_id, sub.pk]),
        sub,
        data,
        lambda: SubTheme.objects.get(pk=sub.pk).title == "Sous-thème renommé",
        {"order": "-1"},
        "supérieure ou égale à 0",
    )


BUILDERS = [milestone, indicator, measurement, intervention, reference, figure]
BUILDERS += [theme_create, sub_theme_create, sub_theme_edit]
CASES = {builder.__name__: builder for builder in BUILDERS}


def post(client, url, data):
    return client.post(url, data | {"form_key": uuid.uuid4().hex})


EDITORS = [(name, "coordination") for name in CASES] + [("intervention", "opac-sud")]  # its author


@pytest.mark.parametrize(("name", "username"), EDITORS)
def test_editor_opens_the_page_and_saves_a_change(demo, name, username):
    case = CASES[name](demo)
    client = client_as(username)
    assert client.get(case.url).status_code == 200
    versions = case.record.history.count()
    assert not case.saved()

    response = post(client, case.url, case.data)

    html = response.content.decode()
    assert response.status_code == 302, html[html.find("errorlist") - 300 :][:1500]
    assert "/connexion/" not in response.url
    assert case.saved()
    if case.new is not None:  # a new record, with its first version in its history
        assert case.new().history.count() == 1
    else:
        assert case.record.history.count() == versions + 1
        assert case.record.history.order_by("-history_id").first().history_user.username == username


@pytest.mark.parametrize("username", ["logirem", "comite", None])
@pytest.mark.parametrize("name", CASES)
def test_others_are_refused_and_nothing_is_written(demo, name, username):
    case = CASES[name](demo)
    client = client_as(username)
    before = stored_state(case.record)

    for response in [client.get(case.url), post(client, case.url, case.data)]:
        if username is None:
            assert response.status_code == 302 and response.url.startswith(reverse("login"))
        else:
            assert response.status_code in (403, 404)

    assert stored_state(case.record) == before
    assert not case.saved()


@pytest.mark.parametrize("name", CASES)
def test_bad_input_is_refused_in_french(demo, name):
    case = CASES[name](demo)
    client = client_as("coordination")
    before = stored_state(case.record)

    assert_refused(client, case.url, case.data | case.bad, case.message)

    assert stored_state(case.record) == before
    assert not case.saved()


def test_a_measurement_cannot_take_the_date_of_another_one(demo):
    """Its own date is not a duplicate (the value alone is edited above), another one's is."""
    measurements = Measurement.objects.filter(indicator__charter=demo, territory__isnull=False)
    first, second = measurements.order_by("pk")[:2]
    assert (first.indicator_id, first.territory_id) == (second.indicator_id, second.territory_id)
    url = reverse("actions:measurement_edit", args=[second.pk])
    data = {"measured_on": first.measured_on.isoformat(), "territory": first.territory_id, "value": "1"}
    client = client_as("coordination")
    before = stored_state(second)

    assert_refused(client, url, data, "Une mesure existe déjà à cette date pour ce quartier.")

    assert stored_state(second) == before
