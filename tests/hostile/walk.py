"""Every form of the platform, as a given user reaches it: found from the URL conf (the named routes of
`tests.test_form_ids.routes`), each route opened with its parameters filled from the Vitrolles demo data
among the records *that user* may see or edit, and every POST form of the pages read back from the HTML
with the values it shows (its initial values). A new route or a new form joins without being listed."""

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.urls import NoReverseMatch, reverse

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
from diagnostics.models import ApiKey, Category, Finding, Report, RoutingRule, WalkingDiagnostic, WalkMember
from funding.models import Financer, FundingCommitment, MissionBudget, Payment
from governance.models import AgendaItem, Committee, CommitteeMember, Decision, Meeting
from gusp.syntheses.models import Synthesis
from tests.test_form_ids import PARAMETER, routes

# Queryset methods that narrow records to what a user may act on, tried in this order: the first record
# each gives is a candidate for the route's parameter (then the first record of all, for public pages).
NARROWING = (
    "editable_by",
    "loggable_by",
    "managed_by",
    "recordable_by",
    "treatable_by",
    "minutes_readable_by",
    "visible_to",
)
# Routes that serve no form: files, feeds, APIs, a secret calendar address.
SKIPPED_SEGMENTS = {"taches", "photos", "fichiers", "requests", "agenda"}
MAX_CANDIDATES = 6  # parameter combinations tried per route before giving up on it


def _rich_first(queryset, *preferred):
    """The queryset, records with the given relations filled first (a theme with orientations…)."""
    for relation in preferred:
        narrowed = queryset.filter(**{f"{relation}__isnull": False}).distinct()
        if narrowed.exists():
            return narrowed
    return queryset


def record_sources(charter):
    """(segment, parameter) or segment → function of the parameters read so far returning a queryset of
    the records that segment may name, or a string (a slug, a year)."""
    meetings = Meeting.objects.filter(committee__charter=charter).exclude(status="cancelled")
    findings = Finding.objects.filter(charter=charter)
    year = str(
        MissionBudget.objects.filter(charter=charter).values_list("year", flat=True).first()
        or dt.date.today().year
    )
    if not Amendment.objects.filter(charter=charter).exists():  # as tests.test_form_ids does
        Amendment.objects.create(
            charter=charter, number=1, title="Avenant d'essai", signed_on=dt.date(2008, 1, 1),
            starts_on=dt.date(2008, 1, 1),
        )  # fmt: skip
    slug = lambda p: charter.slug  # noqa: E731
    return {
        ("chartes", "slug"): slug,
        ("diagnostics", "slug"): slug,
        ("carte", "slug"): slug,
        ("signaler", "slug"): slug,
        ("signalements", "slug"): slug,
        ("financements", "year"): lambda p: year,
        ("mission", "year"): lambda p: year,
        "avenants": lambda p: Amendment.objects.filter(charter=charter),
        "signatures": lambda p: Signature.objects.filter(charter=charter),
        "correspondants": lambda p: Correspondent.objects.filter(charter=charter),
        "quartiers": lambda p: _rich_first(Territory.objects.filter(charter=charter), "residences"),
        "residences": lambda p: Residence.objects.filter(territory__charter=charter),
        "themes": lambda p: _rich_first(Theme.objects.filter(charter=charter), "orientations"),
        "orientations": lambda p: Orientation.objects.filter(theme=p["theme_pk"]),
        "organisations": lambda p: Organisation.objects.filter(slug="opac-sud"),
        "fiches": lambda p: _rich_first(ProjectSheet.objects.filter(charter=charter), "actions"),
        "actions": lambda p: Action.objects.filter(sheet__charter=charter),
        "indicateurs": lambda p: Indicator.objects.filter(charter=charter),
        "instances": lambda p: _rich_first(Committee.objects.filter(charter=charter), "members"),
        "membres": lambda p: CommitteeMember.objects.filter(committee=p["committee_pk"]),
        "reunions": lambda p: _rich_first(meetings, "agenda_items", "decisions"),
        "ordre-du-jour": lambda p: AgendaItem.objects.filter(meeting__in=meetings),
        "decisions": lambda p: Decision.objects.filter(meeting__in=meetings),
        "constats": lambda p: findings,
        "marches": lambda p: _rich_first(WalkingDiagnostic.objects.filter(charter=charter), "findings"),
        "verifier": lambda p: findings.filter(walk=p["pk"]),
        "equipe": lambda p: WalkMember.objects.filter(walk__charter=charter),
        "categories": lambda p: Category.objects.filter(charter=charter),
        "orientation": lambda p: RoutingRule.objects.filter(charter=charter),
        "cles-open311": lambda p: ApiKey.objects.filter(charter=charter),
        ("signalements", "pk"): lambda p: Report.objects.filter(finding__charter=charter),
        "financeurs": lambda p: Financer.objects.filter(charter=charter),
        "engagements": lambda p: FundingCommitment.objects.filter(charter=charter),
        "versements": lambda p: Payment.objects.filter(commitment__charter=charter),
        "syntheses": lambda p: Synthesis.objects.filter(charter=charter),
    }


def candidates(source, user) -> list:
    """The records a segment may name for this user: the first of each narrowing (what the user may
    edit first), then the first of all; strings (slugs, years) as they are."""
    if isinstance(source, str):
        return [source]
    found = []
    for method in NARROWING:
        narrowing = getattr(source, method, None)
        if narrowing is not None:
            found.append(narrowing(user).order_by("pk").first())
    found.append(source.order_by("pk").first())
    unique = []
    for record in found:
        if record is not None and record not in unique:
            unique.append(record)
    return unique


def urls_of(route, name, sources, user):
    """URLs for the route, parameters filled from the records the user is most likely to act on."""
    segments = PARAMETER.findall(route)
    if any(segment.rsplit("/", 1)[-1] in SKIPPED_SEGMENTS for segment, _ in segments):
        return

    def fill(index, parameters):
        if index == len(segments):
            yield dict(parameters)
            return
        segment, parameter = segments[index]
        segment = segment.rsplit("/", 1)[-1]
        source = sources.get((segment, parameter)) or sources.get(segment)
        if source is None:
            return
        for record in candidates(source(parameters), user):
            value = record if isinstance(record, str) else (record.slug if parameter == "slug" else record.pk)
            yield from fill(index + 1, parameters | {parameter: value})

    for parameters in itertools.islice(fill(0, {}), MAX_CANDIDATES):
        try:
            yield reverse(name, kwargs=parameters)
        except NoReverseMatch:
            continue


@dataclass
class Form:
    """A POST form as the page shows it: where it goes, its fields' initial values (a list per name, as
    posted), and which fields a person fills (every field but the CSRF token, the one-time key and files)."""

    page: str  # the page showing it
    action: str  # where it posts
    values: dict[str, list[str]] = field(default_factory=dict)
    editable: list[str] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)  # name -> input type, "select" or "textarea"
    required: set[str] = field(default_factory=set)
    options: dict[str, list[str]] = field(default_factory=dict)  # the values a select or radio offers
    minimums: dict[str, str] = field(default_factory=dict)  # the least value a number input takes
    files: list[str] = field(default_factory=list)
    multipart: bool = False

    @property
    def signature(self) -> tuple:
        return (re.sub(r"\d+", "N", self.action), tuple(sorted(self.editable)))


PLUMBING = {"csrfmiddlewaretoken", "form_key"}


class FormReader(HTMLParser):
    """The POST forms of a page and their initial values (what a browser would post unchanged)."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: tuple[str, bool, list] | None = None  # name, multiple, [(value, selected)]
        self._option: list | None = None
        self._textarea: str | None = None
        self._text = []

    def _add(self, name, value=None, kind="text", required=False):
        self._form.kinds.setdefault(name, kind)
        if required:
            self._form.required.add(name)
        values = self._form.values.setdefault(name, [])
        if value is not None:
            values.append(value)
        if name not in PLUMBING and name not in self._form.editable and name not in self._form.files:
            self._form.editable.append(name)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "get").lower() == "post":
                action = urljoin(self.page, attrs.get("action") or self.page)
                self._form = Form(
                    page=self.page,
                    action=urlsplit(action).path,
                    multipart=attrs.get("enctype") == "multipart/form-data",
                )
            return
        if self._form is None:
            return
        if tag == "option" and self._select is not None:
            self._option = [attrs.get("value"), "selected" in attrs, ""]
            self._select[2].append(self._option)
            return
        if not attrs.get("name") or "disabled" in attrs:
            return
        name = attrs["name"]
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind == "file":
                self._form.files.append(name)
            elif kind in {"checkbox", "radio"}:
                value = attrs.get("value", "on") or ""
                self._add(name, value if "checked" in attrs else None, kind, "required" in attrs)
                self._form.options.setdefault(name, []).append(value)
            elif kind in {"submit", "button", "reset", "image"}:
                return
            else:
                if attrs.get("min") or attrs.get("inputmode") in {"decimal", "numeric"}:
                    kind = "number" if kind == "text" else kind
                    self._form.minimums[name] = attrs.get("min") or "1"
                self._add(name, attrs.get("value") or "", kind, "required" in attrs)
        elif tag == "button" and (attrs.get("type") or "submit") == "submit":
            if name not in self._form.values:
                self._form.values[name] = [attrs.get("value") or ""]  # the first submit button
        elif tag == "select":
            self._select = (name, "multiple" in attrs, [])
            if "required" in attrs:
                self._form.required.add(name)
        elif tag == "textarea":
            self._textarea, self._text = name, []
            if "required" in attrs:
                self._form.required.add(name)

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)
        elif self._option is not None:
            self._option[2] += data

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self._add(self._textarea, text[1:] if text.startswith("\n") else text, "textarea")
            self._textarea = None
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            name, multiple, options = self._select
            values = [(v if v is not None else text.strip()) for v, _s, text in options]
            chosen = [values[i] for i, (_v, selected, _t) in enumerate(options) if selected]
            if not chosen and not multiple and values:
                chosen = values[:1]
            self._add(name, kind="select")
            self._form.values[name].extend(chosen)
            self._form.options[name] = [value for value in values if value]
            self._select = None


def forms_of(page: str, html: str) -> list[Form]:
    reader = FormReader(page)
    reader.feed(html)
    reader.close()
    return [form for form in reader.forms if form.editable or form.files]


def reachable_forms(client, user, charter) -> tuple[list[tuple[str, Form]], list[str]]:
    """[(route name, form)] of every POST form with fields the user reaches from the pages of the named
    routes (one per kind of form: the same form on several pages is kept once), and the routes opened."""
    sources = record_sources(charter)
    found, seen, opened = [], set(), []
    for name, route, _view in routes():
        for url in urls_of(route, name, sources, user):
            response = client.get(url)
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue
            opened.append(name)
            forms = forms_of(url, response.content.decode())
            for form in forms:
                if form.signature not in seen:
                    seen.add(form.signature)
                    found.append((name, form))
            if any(form.action == url for form in forms):
                break  # the route's own form is reached: other records would show the same form
    return found, opened


def completed(form: Form) -> dict[str, list[str]]:
    """The form's values, its required fields left empty by the page (a new record) filled with plausible
    values, so that a post changing one field reaches the saving code, not only the form's checks. Dates
    and times come in increasing order (a start, then an end)."""
    values = dict(form.values)
    later = itertools.count(-30)
    for name in form.editable:
        if name not in form.required or any(values.get(name, [])):
            continue
        kind = form.kinds.get(name)
        day = dt.date.today() + dt.timedelta(days=next(later))
        if any(form.options.get(name, [])):
            values[name] = [option for option in form.options[name] if option][:1]
        elif kind == "date":
            values[name] = [day.isoformat()]
        elif kind == "datetime-local":
            values[name] = [f"{day.isoformat()}T10:00"]
        elif kind == "number":
            values[name] = [form.minimums.get(name) or "1"]
        else:
            values[name] = [SAMPLES.get(kind, "Essai")]
    return values


SAMPLES = {"time": "10:00", "email": "essai@example.org", "url": "https://example.org/"}
