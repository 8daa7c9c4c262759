"""The syntheses' pages and the gathering of a synthesis's data keep a constant number of SQL queries as data
grows, under a recorded ceiling (`__snapshots__/test_query_counts.ambr`; update it on purpose with
`--snapshot-update`, see tests/test_query_counts.py)."""

import datetime as dt
import hashlib
import itertools
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from charter.models import User
from diagnostics.choices import PlaceKind
from governance.choices import CommitteeKind
from governance.models import Meeting
from gusp.core.models import Job, JobState
from gusp.syntheses import content, services
from gusp.syntheses.choices import Variant
from gusp.syntheses.models import Synthesis
from gusp.syntheses.scope import Scope
from tests.diagnostics.factories import record
from tests.factories import (
    ActionFactory,
    DecisionFactory,
    IndicatorFactory,
    InterventionFactory,
    MeasurementFactory,
    MeetingFactory,
    ProjectSheetFactory,
)
from tests.funding.factories import CommitmentFactory
from tests.utils import assert_query_counts, count_queries

from .conftest import build_world

_counter = itertools.count(1)
SLUG = "vitrolles-2007"


def grow_history(charter, n: int) -> None:
    """n more syntheses of each kind: made, being made, failed, public versions (published or withdrawn),
    and some prepared for a steering committee meeting."""
    coordination = User.objects.get(username="coordination")
    comite = User.objects.get(username="comite")
    territories = list(charter.territories.all())
    themes = list(charter.themes.all())
    meeting = Meeting.objects.filter(
        committee__charter=charter, committee__kind=CommitteeKind.STEERING
    ).first()
    for _ in range(n):
        i = next(_counter)
        made = services.request_synthesis(
            charter=charter,
            territory=territories[i % len(territories)],
            starts_on=charter.starts_on + dt.timedelta(days=i),
            requested_by=comite,
        )
        content_bytes = f"%PDF-1.7 synthèse {i}".encode()
        name = made.file.storage.save(made.storage_name, ContentFile(content_bytes))
        Synthesis.objects.filter(pk=made.pk).update(
            file=name,
            checksum=hashlib.sha256(content_bytes).hexdigest(),
            size=len(content_bytes),
            pages=3,
            state_on=timezone.localdate(),
            finished_at=timezone.now(),
        )
        Job.objects.filter(pk=made.job_id).update(state=JobState.DONE, progress=100)
        made.refresh_from_db()
        public = services.publish(synthesis=made, requested_by=coordination)
        name = public.file.storage.save(public.storage_name, ContentFile(content_bytes))
        Synthesis.objects.filter(pk=public.pk).update(file=name, checksum="0" * 64, size=1, pages=1)
        if i % 2:
            services.unpublish(synthesis=public)
        for theme in themes:
            services.request_synthesis(
                charter=charter,
                theme=theme,
                starts_on=charter.starts_on + dt.timedelta(days=i),
                requested_by=coordination,
            )
        failed = services.request_synthesis(
            charter=charter, starts_on=charter.starts_on + dt.timedelta(days=i), requested_by=comite
        )
        Job.objects.filter(pk=failed.job_id).update(state=JobState.FAILED, error="Erreur de test")
        if meeting is not None:
            services.request_synthesis(
                charter=charter,
                territory=territories[(i + 1) % len(territories)],
                starts_on=charter.starts_on + dt.timedelta(days=100 + i),
                meeting=meeting,
            )


def pages(charter, *, public: bool) -> dict[str, str]:
    published = Synthesis.objects.published().filter(charter=charter).order_by("pk").first()
    listing = {
        "published_list": reverse("syntheses:published_list", args=[charter.slug]),
        "public_detail": published.get_absolute_url(),
    }
    if public:
        return listing
    made = (
        Synthesis.objects.filter(charter=charter, variant=Variant.MEMBERS)
        .exclude(file="")
        .order_by("pk")
        .first()
    )
    pending = Synthesis.objects.filter(charter=charter, file="").order_by("pk").first()
    history = reverse("syntheses:history", args=[charter.slug])
    return listing | {
        "history": history,
        "history_filtered": f"{history}?theme={charter.themes.first().pk}&version=members",
        "detail_ready": made.get_absolute_url(),
        "detail_pending": pending.get_absolute_url(),
    }


@pytest.mark.parametrize("username", ["anonymous", "coordination", "comite", "opac-sud"])
def test_synthesis_pages_query_counts(demo, client_as, username, snapshot, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    anonymous = username == "anonymous"
    client = client_as(None if anonymous else username)
    grow_history(demo, 2)
    urls = pages(demo, public=anonymous)
    count_queries(client, urls)  # warm caches
    small = count_queries(client, urls)
    grow_history(demo, 5)
    large = count_queries(client, urls)
    assert_query_counts(small, large, snapshot)


def grow_data(world, n: int) -> None:
    """n more sheets in each theme, each with actions in both quarters (late, finished), journal entries,
    an indicator measured in both quarters, findings, funding over two years and decisions."""
    w = world.w
    today = timezone.localdate()
    meeting = MeetingFactory(
        committee=world.steering, held=True, day=today - dt.timedelta(days=3 + next(_counter))
    )
    for theme in [world.theme_a, world.theme_b]:
        for _ in range(n):
            i = next(_counter)
            sheet = ProjectSheetFactory(
                charter=w.charter, theme=theme, number=100 + i, territories=[w.territory], published=True
            )
            indicator = IndicatorFactory(charter=w.charter, name=f"Indicateur {i}")
            for territory in [w.territory, w.other_territory]:
                late = ActionFactory(sheet=sheet, territory=territory, late=True, indicators=[indicator])
                ActionFactory(sheet=sheet, territory=territory, finished=True)
                InterventionFactory(action=late, text=f"Entrée {i}")
                InterventionFactory(
                    action=late, text=f"Autre entrée {i}", done_on=today - dt.timedelta(days=2)
                )
                MeasurementFactory(
                    indicator=indicator, territory=territory, measured_on=today - dt.timedelta(days=i)
                )
            record(
                world.field,
                category="proprete-parties-communes",
                residence=w.residence_a,
                description=f"Constat {i}",
            )
            record(
                world.field, category="eclairage", place=PlaceKind.PUBLIC, description=f"Constat public {i}"
            )
            for year in (today.year, today.year - 1):
                CommitmentFactory(
                    financer=world.city_financer,
                    sheet=sheet,
                    year=year,
                    amount=Decimal(100 + i),
                    committed=True,
                )
            DecisionFactory(meeting=meeting, sheets=[sheet], actions=[late], text=f"Décision {i}")


def scopes(world) -> dict[str, Scope]:
    charter = world.charter
    period = {"starts_on": charter.starts_on, "ends_on": charter.ends_on}
    return {
        "whole": Scope(charter=charter, theme=None, territory=None, **period),
        "theme": Scope(charter=charter, theme=world.theme_a, territory=None, **period),
        "territory": Scope(charter=charter, theme=None, territory=world.territory, **period),
        "theme_territory": Scope(charter=charter, theme=world.theme_b, territory=world.territory, **period),
        "public": Scope(charter=charter, theme=None, territory=world.territory, public=True, **period),
    }


def gather_counts(world) -> dict[str, int]:
    counts = {}
    for name, scope in scopes(world).items():
        with CaptureQueriesContext(connection) as queries:
            gathered = content.gather(scope)
        counts[name] = len(queries)
        assert gathered["blocks"], name
    return counts


def test_gathering_a_synthesis_makes_as_many_queries_whatever_the_data(small_world, snapshot):
    world = build_world(small_world)
    grow_data(world, 1)
    small = gather_counts(world)
    grow_data(world, 4)
    large = gather_counts(world)
    assert_query_counts(small, large, snapshot)
