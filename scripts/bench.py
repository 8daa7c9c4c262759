"""Benchmark of the main pages: median time, SQL query count, and the ratio of each page's time to the
Django admin's changelist of actions measured in the same run (the reference: aim under 0.5× and under
150 ms median on 2 cores), at several sizes.

Runs on a throw-away test database (SQLite by default, PostgreSQL with DATABASE_URL), through the
Django test client. A benchmark, not a test: it prints numbers, it asserts nothing.
Usage: make bench  (or: python scripts/bench.py --runs 7 --factors 1 10 [--large])
  --factors: sizes as multiples of the Vitrolles charter (generate_scale --factor); 300 is France scale.
  --large: also add one large charter (a metropolis: generate_scale --large) and measure its pages.
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gusp.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402


def pages():
    from actions.models import Action, ProjectSheet
    from charter.models import Charter, Residence, Territory
    from governance.models import Committee, Meeting

    charter = Charter.objects.get(slug="vitrolles-2007")
    sheet = ProjectSheet.objects.get(charter=charter, number=1)
    action = Action.objects.filter(sheet=sheet).first()
    committee = Committee.objects.get(charter=charter, kind="technical")
    meeting = Meeting.objects.filter(committee=committee).first()
    residence = Residence.objects.get(landlord__slug="opac-sud")
    territory = Territory.objects.get(charter=charter, slug="les-pins")
    return [
        ("accueil (coordination)", "coordination", reverse("home")),
        ("accueil (bailleur)", "opac-sud", reverse("home")),
        ("accueil (public)", None, reverse("home")),
        ("liste des chartes", "coordination", reverse("charter:charter_list")),
        ("charte", "coordination", reverse("charter:charter_detail", args=[charter.slug])),
        ("quartier", "coordination", reverse("charter:territory_detail", args=[territory.pk])),
        ("résidences (toutes)", "admin", reverse("charter:residence_list")),
        ("résidences (bailleur)", "opac-sud", reverse("charter:residence_list")),
        ("résidence", "opac-sud", reverse("charter:residence_detail", args=[residence.pk])),
        ("thèmes", "coordination", reverse("charter:theme_list", args=[charter.slug])),
        ("partenaires", "coordination", reverse("charter:organisation_list")),
        ("fiches projets", "coordination", reverse("actions:sheet_list", args=[charter.slug])),
        ("fiche (tableau de bord)", "coordination", reverse("actions:sheet_detail", args=[sheet.pk])),
        ("action (tableau de bord)", "opac-sud", reverse("actions:action_detail", args=[action.pk])),
        ("plan d'actions", "coordination", reverse("actions:plan", args=[charter.slug])),
        (
            "plan d'actions (CSV)",
            "coordination",
            reverse("actions:plan", args=[charter.slug]) + "?export=csv",
        ),
        ("matrice", "coordination", reverse("actions:plan_matrix", args=[charter.slug])),
        ("instances", "coordination", reverse("governance:committee_list", args=[charter.slug])),
        (
            "rythme d'une instance",
            "coordination",
            reverse("governance:committee_rhythm", args=[committee.pk]),
        ),
        ("réunion", "comite", reverse("governance:meeting_detail", args=[meeting.pk])),
        ("mon agenda", "comite", reverse("governance:my_calendar")),
        (
            "rythme, valeurs maximales",
            "coordination",
            reverse("governance:committee_rhythm", args=[extreme_committee().pk]),
        ),
        (REFERENCE, "admin", reverse("admin:actions_action_changelist")),
    ]


REFERENCE = "admin : liste des actions"


def extreme_committee():
    """A committee of the charter with the largest rhythm values a form accepts: its pages must cost what
    the demo committees cost (no computation whose size depends on a typed number)."""
    from charter.models import Charter
    from governance.models import MAX_MEETINGS_PER_YEAR, Committee, CommitteeKind

    charter = Charter.objects.get(slug="vitrolles-2007")
    committee, _ = Committee.objects.get_or_create(
        charter=charter,
        kind=CommitteeKind.LANDLORDS_BODY,
        name="Instance aux valeurs extrêmes (banc d'essai)",
        defaults={"min_meetings_per_year": MAX_MEETINGS_PER_YEAR, "max_months_between_meetings": 1},
    )
    return committee


def measure(runs: int):
    from charter.models import User

    clients = {}
    results = {}
    for label, username, url in pages():
        if username not in clients:
            clients[username] = Client()
            if username:
                clients[username].force_login(User.objects.get(username=username))
        client = clients[username]
        client.get(url)  # warm-up
        timings = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                timings.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
        results[label] = (statistics.median(timings) * 1000, len(queries))
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--large", action="store_true", help="add one large charter after the last factor")
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("load_demo", password="bench-only", stdout=io.StringIO())
        done, table = 0, {}
        for factor in sorted(args.factors):
            started = time.perf_counter()
            call_command("generate_scale", factor=factor - done, seed=42 + factor, stdout=io.StringIO())
            generated = time.perf_counter() - started
            done = factor
            table[f"x{factor}"] = measure(args.runs)
            print(f"facteur {factor}: données générées en {generated:.1f} s", file=sys.stderr)
        if args.large:
            started = time.perf_counter()
            call_command("generate_scale", factor=0, large=True, seed=4242, stdout=io.StringIO())
            print(f"grande charte : générée en {time.perf_counter() - started:.1f} s", file=sys.stderr)
            table["+grande"] = measure(args.runs)
        sizes = list(table)
        width = 30
        header = f"{'page':<{width}}" + "".join(f"{s + ' ms':>12}{'req':>6}{'/admin':>8}" for s in sizes)
        print(f"Base : {connection.vendor} · médiane de {args.runs} requêtes · référence : « {REFERENCE} »")
        print(header)
        print("-" * len(header))
        for label in table[sizes[0]]:
            row = f"{label[:width]:<{width}}"
            for size in sizes:
                ms, queries = table[size][label]
                reference = table[size][REFERENCE][0]
                row += f"{ms:>12.1f}{queries:>6}{ms / reference:>8.2f}"
            print(row)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
