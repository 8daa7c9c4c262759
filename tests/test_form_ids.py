"""Every id a page points at exists in that page: `aria-describedby`, `aria-labelledby` and `<label for>`.

Django 5.2 ties a field to its help text and its errors by `aria-describedby="id_X_helptext id_X_error"`
(on the input, or on the `<fieldset>` of a group of checkboxes or radios): a template that renders
fields by hand must give those elements exactly these ids, or screen readers never read them.

The pages are found from the URL conf, not from a hand list: every named route is opened as the
coordinator with its parameters taken from the Vitrolles demo data; a page whose form posts back to
itself with fields to fill is a form page, and is also posted empty and with invalid values so that
the ids of the error messages are checked too. The other way round, a help text or an error whose id no
`aria-describedby` names (a group of checkboxes whose fieldset forgot it) is reported as well."""

import datetime as dt
import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from actions.models import Action, Indicator, ProjectSheet
from charter.models import (
    Amendment,
    Correspondent,
    Organisation,
    Orientation,
    Residence,
    Signature,
    Territory,
    Theme,
)
from governance.models import AgendaItem, Committee, CommitteeMember, Decision, Meeting

REFERENCE_ATTRIBUTES = ("aria-describedby", "aria-labelledby", "for")

# Form pages that must be found and checked (the test fails if the URL conf walk misses one).
REQUIRED_FORM_PAGES = {
    "login",
    "charter:charter_edit",
    "charter:amendment_create",
    "charter:amendment_edit",
    "charter:reference_create",
    "charter:signature_create",
    "charter:signature_edit",
    "charter:territory_create",
    "charter:territory_edit",
    "charter:figure_create",
    "charter:residence_create",
    "charter:residence_edit",
    "charter:theme_edit",
    "charter:orientation_create",
    "charter:orientation_edit",
    "charter:correspondent_create",
    "charter:correspondent_edit",
    "actions:sheet_create",
    "actions:sheet_edit",
    "actions:milestone_create",
    "actions:action_create",
    "actions:action_edit",
    "actions:intervention_create",
    "actions:indicator_create",
    "actions:indicator_detail",
    "governance:committee_create",
    "governance:committee_edit",
    "governance:member_create",
    "governance:member_edit",
    "governance:meeting_create",
    "governance:meeting_edit",
    "governance:plan_year",
    "governance:agenda_item_create",
    "governance:agenda_item_edit",
    "governance:attendance",
    "governance:minutes_edit",
    "governance:decision_create",
    "governance:decision_edit",
}

# Opened without logging in: the login page sends a logged-in user away.
ANONYMOUS_PAGES = {"login"}
SKIPPED_NAMESPACES = {"admin"}

# A value no field accepts: too long for any text field (the longest, the minutes, take 50 000
# characters), on two lines (one-line fields refuse that), and neither a number, a date, an e-mail
# address nor a choice.
INVALID = "x" * 50_001 + "\n?"


class PageIds(HTMLParser):
    """The ids of a page, the ids its attributes point at, and its forms that post back to the page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = Counter()
        self.references = []  # (attribute, id, tag)
        self.self_posting_fields = set()  # names of the visible fields of forms posting to the page
        self.query_fields = set()  # names of the visible fields of forms that read the page again (GET)
        self._form = None  # the fields of the form being read, and where they go

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids[attrs["id"]] += 1
        for attribute in REFERENCE_ATTRIBUTES:
            if attrs.get(attribute) is not None:
                for ref in attrs[attribute].split() or [""]:
                    self.references.append((attribute, ref, tag))
        if tag == "form":
            method = (attrs.get("method") or "get").lower()
            if method == "get":
                self._form = self.query_fields
            elif method == "post" and not attrs.get("action"):
                self._form = self.self_posting_fields
            else:
                self._form = None
        elif (
            self._form is not None
            and tag in {"input", "select", "textarea"}
            and attrs.get("type") not in {"hidden", "submit", "button", "reset"}
            and attrs.get("name")
        ):
            self._form.add(attrs["name"])

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None

    def problems(self) -> list[str]:
        found = [
            f'{attribute}="{ref}" on <{tag}> points at no element' for attribute, ref, tag in self.references
            if ref not in self.ids
        ]  # fmt: skip
        found += [f'id "{id_}" is used {count} times' for id_, count in self.ids.items() if count > 1]
        # The other way round: a help text or an error that no field points at is never read with it.
        described = {ref for attribute, ref, _tag in self.references if attribute == "aria-describedby"}
        found += [
            f'"{id_}" is the id of a message that no aria-describedby points at' for id_ in self.ids
            if id_.endswith(("_helptext", "_error")) and id_ not in described
        ]  # fmt: skip
        return found


def read(response) -> PageIds:
    page = PageIds()
    page.feed(response.content.decode())
    page.close()
    return page


def routes():
    """(name, route, view) of every named route, the route as written in the URL conf."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in SKIPPED_NAMESPACES:
                    continue
                name_space = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), name_space)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}{pattern.name}", prefix + str(pattern.pattern), pattern.callback

    return list(walk(get_resolver().url_patterns, "", ""))


PARAMETER = re.compile(r"([\w.-]+)/<(?:\w+:)?(\w+)>")


def demo_objects(charter):
    """For each path segment that precedes a parameter, the demo record it names, given the parameters
    already read to its left (so that an orientation belongs to the theme of the URL, and so on)."""
    meetings = Meeting.objects.filter(committee__charter=charter).exclude(status="cancelled").order_by("pk")
    if not Amendment.objects.filter(charter=charter).exists():
        Amendment.objects.create(
            charter=charter, number=1, title="Avenant d'essai", signed_on=dt.date(2008, 1, 1),
            starts_on=dt.date(2008, 1, 1),
        )  # fmt: skip
    return {
        "chartes": lambda p: charter.slug,
        "avenants": lambda p: Amendment.objects.filter(charter=charter).first(),
        "signatures": lambda p: Signature.objects.filter(charter=charter).first(),
        "correspondants": lambda p: Correspondent.objects.filter(charter=charter).first(),
        "quartiers": lambda p: Territory.objects.filter(charter=charter, residences__isnull=False).first(),
        "residences": lambda p: Residence.objects.filter(territory__charter=charter).first(),
        "themes": lambda p: Theme.objects.filter(charter=charter, orientations__isnull=False).first(),
        "orientations": lambda p: Orientation.objects.filter(theme=p["theme_pk"]).first(),
        "organisations": lambda p: Organisation.objects.filter(slug="opac-sud").first(),
        "fiches": lambda p: ProjectSheet.objects.filter(charter=charter, actions__isnull=False).first(),
        "actions": lambda p: Action.objects.filter(sheet__charter=charter).first(),
        "indicateurs": lambda p: Indicator.objects.filter(charter=charter).first(),
        "instances": lambda p: Committee.objects.filter(charter=charter, members__isnull=False).first(),
        "membres": lambda p: CommitteeMember.objects.filter(committee=p["committee_pk"]).first(),
        "reunions": lambda p: (
            meetings.filter(agenda_items__isnull=False, decisions__isnull=False).first() or meetings.first()
        ),
        "ordre-du-jour": lambda p: AgendaItem.objects.filter(meeting__in=meetings).first(),
        "decisions": lambda p: Decision.objects.filter(meeting__in=meetings).first(),
    }


def parameters_of(route, objects) -> dict | None:
    """The route's parameters filled from the demo data, or None if one cannot be filled."""
    parameters = {}
    for segment, parameter in PARAMETER.findall(route):
        find = objects.get(segment.rsplit("/", 1)[-1])
        record = find(parameters) if find else None
        if record is None:
            return None
        if isinstance(record, str):
            parameters[parameter] = record
        else:
            parameters[parameter] = record.slug if parameter == "slug" else record.pk
    return parameters


def html_pages(demo, client_as):
    """Every named route that answers the coordinator (or, for the login page, a visitor) with an HTML
    page: (name, url, client, response). Routes whose parameters the demo data cannot fill are left out
    (a file, a secret calendar address); the required form pages are checked to be among the others."""
    objects = demo_objects(demo)
    coordination, anonymous = client_as("coordination"), client_as(None)
    for name, route, _view in routes():
        parameters = parameters_of(route, objects)
        if parameters is None:
            continue
        url = reverse(name, kwargs=parameters)
        client = anonymous if name in ANONYMOUS_PAGES else coordination
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            yield name, url, client, response


@pytest.mark.django_db
def test_every_id_a_page_points_at_exists(demo, client_as):
    problems, form_pages = [], set()
    for name, url, client, response in html_pages(demo, client_as):
        page = read(response)
        problems += [f"GET {url} ({name}): {problem}" for problem in page.problems()]
        if page.query_fields:  # filters: refused values are shown next to their field too
            filtered = client.get(url, dict.fromkeys(page.query_fields, "pas-une-valeur"))
            problems += [f"GET {url} ({name}) filtered: {problem}" for problem in read(filtered).problems()]
        if not page.self_posting_fields:
            continue
        form_pages.add(name)
        refused = False
        # Every field sent empty (an empty POST would be read as no submission at all), then invalid.
        for value in ("", INVALID):
            data = dict.fromkeys(page.self_posting_fields, value)
            posted = client.post(url, data)
            if posted.status_code in (200, 400) and posted["Content-Type"].startswith("text/html"):
                refused |= 'aria-invalid="true"' in posted.content.decode()
                problems += [f"POST {url} ({name}): {problem}" for problem in read(posted).problems()]
        if not refused:
            problems.append(
                f"POST {url} ({name}): neither an empty nor an invalid submission shows a field error"
            )
    # A page that does not exist, as a visitor sees it.
    missing = client_as(None).get("/cette-page-n-existe-pas/")
    problems += [f"404 page: {problem}" for problem in read(missing).problems()]

    assert form_pages >= REQUIRED_FORM_PAGES, f"form pages not reached: {REQUIRED_FORM_PAGES - form_pages}"
    assert not problems, f"{len(problems)} broken id reference(s):\n" + "\n".join(problems)
