"""A world for the syntheses, built with the platform's services on top of the small world
(`tests.factories.worlds`): two quarters, two themes, three sheets, and in each quarter actions, journal
entries, measurements, findings, funding and decisions carrying a marker (AMANDIERS-… in the first quarter,
MOULIN-… in the other), so that a test reads off a PDF what belongs where."""

import datetime as dt
import http.server
import re
import subprocess
import threading
import zlib
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from actions.models import Action, Indicator, ProjectSheet
from charter.models import Theme
from diagnostics.choices import PlaceKind
from diagnostics.models import Finding
from funding.models import Financer
from governance.models import Committee, Meeting
from tests.diagnostics.factories import Field, field_world, record
from tests.factories import (
    ActionFactory,
    CommitteeFactory,
    CommitteeMemberFactory,
    DecisionFactory,
    IndicatorFactory,
    InterventionFactory,
    MeasurementFactory,
    MeetingFactory,
    MinutesFactory,
    ProjectSheetFactory,
    ResidenceFactory,
    ThemeFactory,
)
from tests.factories.worlds import World
from tests.funding.factories import CommitmentFactory, FinancerFactory

# Typed by users: shown as text, never interpreted, never fetched.
HOSTILE_MARKUP = '<b>gras</b> & <script>alert("x")</script>'
HOSTILE_FILE = '<img src="file:///etc/hostname">'


@dataclass
class SynthesisWorld:
    w: World
    theme_a: Theme
    theme_b: Theme
    sheet_here: ProjectSheet  # n°1, theme A, about the first quarter, published
    sheet_there: ProjectSheet  # n°2, theme A, about the other quarter
    sheet_all: ProjectSheet  # n°8, theme B, about every quarter, published
    late_here: Action  # sheet 1, first quarter, late
    finished_here: Action  # sheet 8, first quarter, finished
    action_there: Action  # sheet 2, other quarter
    action_all_there: Action  # sheet 8, other quarter
    indicator: Indicator
    finding_here: Finding
    finding_there: Finding
    steering: Committee
    meeting: Meeting  # a steering committee meeting held ten days ago
    spy_url: str  # an address a test server watches: nothing may ever fetch it
    field: Field  # the field half (categories, routing) to record more findings
    city_financer: Financer

    def __getattr__(self, name):
        return getattr(self.w, name)


class _Spy(http.server.BaseHTTPRequestHandler):
    hits: list = []

    def do_GET(self):  # noqa: N802 - the http.server API
        _Spy.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(autouse=True)
def _own_media(settings, tmp_path):
    """Each test writes its files in a folder of its own (ids repeat from one test to the next)."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def spy_server():
    """A local HTTP server that records every request: a PDF that fetched a user's URL would show here."""
    _Spy.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Spy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, _Spy.hits
    server.shutdown()
    server.server_close()


def build_world(w: World, spy_url: str = "http://127.0.0.1:9/spy.png") -> SynthesisWorld:
    today = timezone.localdate()
    theme_a = ThemeFactory(charter=w.charter, code="A", title="Cadre de vie")
    theme_b = ThemeFactory(charter=w.charter, code="B", title="Tranquillité")
    sheet_here = ProjectSheetFactory(
        charter=w.charter,
        theme=theme_a,
        number=1,
        title="Propreté des halls",
        territories=[w.territory],
        published=True,
        expected_results=f"Des halls propres AMANDIERS_OBJECTIF. {HOSTILE_MARKUP}\n"
        f'<img src="{spy_url}">\n{HOSTILE_FILE}',
    )
    sheet_there = ProjectSheetFactory(
        charter=w.charter,
        theme=theme_a,
        number=2,
        title="Espaces verts",
        territories=[w.other_territory],
        expected_results="Des pelouses tondues MOULIN_OBJECTIF.",
    )
    sheet_all = ProjectSheetFactory(
        charter=w.charter,
        theme=theme_b,
        number=8,
        title="Éclairage des cheminements",
        all_territories=True,
        published=True,
        expected_results="Des cheminements éclairés.",
    )
    indicator = IndicatorFactory(charter=w.charter, name="Pannes signalées", unit="pannes", target=Decimal(5))
    late_here = ActionFactory(
        sheet=sheet_here,
        territory=w.territory,
        late=True,
        title="Nettoyage AMANDIERS_ACTION_1",
        indicators=[indicator],
    )
    finished_here = ActionFactory(
        sheet=sheet_all, territory=w.territory, finished=True, title="Lampadaires AMANDIERS_ACTION_8"
    )
    action_there = ActionFactory(
        sheet=sheet_there, territory=w.other_territory, title="Tonte MOULIN_ACTION_2"
    )
    action_all_there = ActionFactory(
        sheet=sheet_all,
        territory=w.other_territory,
        under_way=True,
        title="Lampadaires MOULIN_ACTION_8",
        indicators=[indicator],
    )
    for territory, value in [(w.territory, 12), (w.other_territory, 99), (None, 40)]:
        for days in (60, 30):
            MeasurementFactory(
                indicator=indicator,
                territory=territory,
                measured_on=today - dt.timedelta(days=days),
                value=Decimal(value + days // 30),
            )
    InterventionFactory(action=late_here, text="Passage de l'entreprise AMANDIERS_JOURNAL", hours=Decimal(3))
    InterventionFactory(
        action=finished_here, text="Dernier réglage AMANDIERS_JOURNAL_FIN"
    )  # a public action's
    # An action about every quarter, logged at a residence of each: each quarter reads its own entry only.
    round_all = ActionFactory(sheet=sheet_all, territory=None, under_way=True, title="Tournée de contrôle")
    there_residence = ResidenceFactory(territory=w.other_territory, landlord=w.landlord_b, name="Les Cyprès")
    InterventionFactory(action=round_all, residence=w.residence_a, text="Relevé AMANDIERS_TOURNEE")
    InterventionFactory(action=round_all, residence=there_residence, text="Relevé MOULIN_TOURNEE")
    InterventionFactory(action=action_all_there, text="Réglage des horloges MOULIN_JOURNAL")

    field = field_world(w)
    finding_here = record(
        field,
        category="proprete-parties-communes",
        residence=w.residence_a,
        entrance="Entrée 3 bis",
        description="Hall souillé AMANDIERS_CONSTAT",
        is_public=True,
    )
    finding_there = record(
        field,
        category="eclairage",
        place=PlaceKind.PUBLIC,
        territory=w.other_territory,
        description="Lampadaire éteint MOULIN_CONSTAT",
        is_public=True,
    )

    city = FinancerFactory(charter=w.charter, organisation=w.city, name="Ville de Testeville")
    year = today.year
    CommitmentFactory(financer=city, sheet=sheet_here, year=year, amount=Decimal("1234.56"), committed=True)
    CommitmentFactory(financer=city, sheet=sheet_there, year=year, amount=Decimal("777.00"))

    steering = CommitteeFactory(charter=w.charter, steering=True)
    CommitteeMemberFactory(committee=steering, user=w.member)
    meeting = MeetingFactory(committee=steering, held=True, day=today - dt.timedelta(days=10))
    DecisionFactory(
        meeting=meeting, sheets=[sheet_here], text="Les halls sont prioritaires AMANDIERS_DECISION."
    )
    DecisionFactory(meeting=meeting, sheets=[sheet_there], text="La tonte est reportée MOULIN_DECISION.")
    DecisionFactory(
        meeting=meeting, actions=[action_all_there], text="Horloges à revoir MOULIN_DECISION_ACTION."
    )
    DecisionFactory(
        meeting=meeting,
        sheets=[sheet_all],
        actions=[finished_here, action_all_there],
        text="Éclairage : deux tranches de travaux.",
    )
    public = CommitteeFactory(charter=w.charter, public=True)
    public_meeting = MeetingFactory(committee=public, held=True, day=today - dt.timedelta(days=20))
    MinutesFactory(meeting=public_meeting, published=True)
    DecisionFactory(
        meeting=public_meeting, sheets=[sheet_here], text="Une réunion par trimestre DECISION_PUBLIQUE."
    )
    return SynthesisWorld(
        w=w,
        theme_a=theme_a,
        theme_b=theme_b,
        sheet_here=sheet_here,
        sheet_there=sheet_there,
        sheet_all=sheet_all,
        late_here=late_here,
        finished_here=finished_here,
        action_there=action_there,
        action_all_there=action_all_there,
        indicator=indicator,
        finding_here=finding_here,
        finding_there=finding_there,
        steering=steering,
        meeting=meeting,
        spy_url=spy_url,
        field=field,
        city_financer=city,
    )


@pytest.fixture
def world(small_world, spy_server) -> SynthesisWorld:
    server, _hits = spy_server
    return build_world(small_world, spy_url=f"http://127.0.0.1:{server.server_address[1]}/spy.png")


def pdf_text(content: bytes) -> str:
    """The text of a PDF (pdftotext), whitespace folded to single spaces."""
    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


def pdf_info(content: bytes) -> str:
    """What pdfinfo says of a PDF: its fields (title, author, tagged, pages…) then its XMP metadata."""
    fields = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True, check=True)
    meta = subprocess.run(["pdfinfo", "-meta", "-"], input=content, capture_output=True, check=True)
    return fields.stdout.decode() + meta.stdout.decode()


def pdf_objects(content: bytes) -> bytes:
    """The PDF with its compressed streams inflated (the catalog, with /Lang, sits in an object stream)."""
    inflated = [content]
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", content, flags=re.S):
        try:
            inflated.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(inflated)
