"""Benchmark of the PDF syntheses (issue 12): for each kind of synthesis, on the Vitrolles charter and on the
large generated charter (a metropolis, `generate_scale --large`), the time to build it, the time WeasyPrint
alone takes to render the same HTML, the share of the total spent gathering the data and rendering the
templates (aim: under 20 %), the SQL query count (aim: the same at every size), the page count and the peak
memory of the process that builds it (aim: under 500 MB for a large charter).

Each synthesis is built in a process of its own (the `--child` mode of this script), so that its peak
memory (ru_maxrss, Django and WeasyPrint loaded included) is its own; it is built once before being
measured, as by a worker that has made syntheses before (imports, compiled templates, fonts). Runs on a throw-away test database
(SQLite by default, PostgreSQL with DATABASE_URL). A benchmark, not a test: it prints numbers, asserts
nothing.
Usage: make bench  (or: python scripts/bench_syntheses.py [--large-size 0.2] [--no-large])
"""

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gusp.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

LARGE_SEED = 4242


def kinds(charter_slug: str) -> list[tuple[str, dict]]:
    """The kinds of synthesis measured on a charter: by theme, by territory, one theme × one territory, the
    public version of a territory's, and the whole charter."""
    from charter.models import Charter

    charter = Charter.objects.get(slug=charter_slug)
    theme = charter.themes.order_by("code").first()
    territory = charter.territories.order_by("phase", "name").first()
    return [
        (f"thème {theme.code}", {"theme": theme.code}),
        (f"quartier {territory.name}", {"territory": territory.slug}),
        (f"thème {theme.code} × {territory.name}", {"theme": theme.code, "territory": territory.slug}),
        (f"{territory.name}, publique", {"territory": territory.slug, "public": True}),
        ("toute la charte", {}),
    ]


def child(arguments) -> None:
    """Build one synthesis and print its measures as one line of JSON."""
    from charter.models import Charter
    from gusp.core.pdf import render_pdf
    from gusp.syntheses import services
    from gusp.syntheses.documents import synthesis_html
    from gusp.syntheses.scope import Scope

    charter = Charter.objects.get(slug=arguments.charter)
    theme = charter.themes.get(code=arguments.theme) if arguments.theme else None
    territory = charter.territories.get(slug=arguments.territory) if arguments.territory else None
    starts_on, ends_on = services.default_period(charter)
    scope = Scope(
        charter=charter,
        theme=theme,
        territory=territory,
        starts_on=starts_on,
        ends_on=ends_on,
        public=arguments.public,
    )
    # A worker is a long-lived process: the imports, the compiled templates and WeasyPrint's fonts are paid
    # by its first synthesis. Build once before measuring, as a warm worker would.
    render_pdf(synthesis_html(scope), title=scope.title, author=scope.author)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        html = synthesis_html(scope)
    html_seconds = time.perf_counter() - started
    pdf = render_pdf(html, title=scope.title, author=scope.author)
    total = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    render_pdf(html, title=scope.title, author=scope.author)  # WeasyPrint alone, on the same HTML
    weasyprint_alone = time.perf_counter() - started
    print(
        json.dumps(
            {
                "total": total,
                "html": html_seconds,
                "weasyprint": weasyprint_alone,
                "queries": len(queries),
                "pages": pdf.pages,
                "peak_mb": peak_kb / 1024,
                "html_kb": len(html.encode()) / 1024,
            }
        )
    )


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = f"{quote(db['USER'])}:{quote(db['PASSWORD'])}@" if db["USER"] else ""
    return f"postgres://{credentials}{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def measure(slug: str, options: dict) -> dict:
    command = [sys.executable, __file__, "--child", "--charter", slug]
    if options.get("theme"):
        command += ["--theme", options["theme"]]
    if options.get("territory"):
        command += ["--territory", options["territory"]]
    if options.get("public"):
        command.append("--public")
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "gusp.settings.test", "DATABASE_URL": database_url()}
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)  # noqa: S603 - our own script
    if result.returncode != 0:
        return {"error": result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "échec"}
    return json.loads(result.stdout.strip().splitlines()[-1])


def report(title: str, rows: list[tuple[str, dict]]) -> None:
    print(f"\n{title}")
    header = (
        f"{'synthèse':<34}{'total s':>9}{'WeasyPrint s':>14}{'ratio':>7}{'données+gabarits':>18}"
        f"{'req':>6}{'pages':>7}{'HTML ko':>9}{'pic Mo':>8}"
    )
    print(header)
    print("-" * len(header))
    for label, m in rows:
        if "error" in m:
            print(f"{label[:33]:<34}  échec : {m['error']}")
            continue
        share = 100 * m["html"] / m["total"] if m["total"] else 0
        print(
            f"{label[:33]:<34}{m['total']:>9.2f}{m['weasyprint']:>14.2f}{m['weasyprint'] / m['total']:>7.2f}"
            f"{share:>17.1f}%{m['queries']:>6}{m['pages']:>7}{m['html_kb']:>9.0f}{m['peak_mb']:>8.0f}"
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--charter")
    parser.add_argument("--theme")
    parser.add_argument("--territory")
    parser.add_argument("--public", action="store_true")
    parser.add_argument("--no-large", action="store_true", help="only the Vitrolles charter")
    parser.add_argument(
        "--large-size",
        type=float,
        default=1.0,
        help="fraction of the large charter (generate_scale --large-size)",
    )
    arguments = parser.parse_args()
    if arguments.child:
        child(arguments)
        return

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("load_demo", password="bench-only", stdout=io.StringIO())
        print(f"Base : {connection.vendor} · un processus par synthèse, construite une fois avant la mesure")
        report(
            "Charte de Vitrolles (démonstration)",
            [(label, measure("vitrolles-2007", options)) for label, options in kinds("vitrolles-2007")],
        )
        if not arguments.no_large:
            started = time.perf_counter()
            call_command(
                "generate_scale",
                factor=0,
                large=True,
                large_size=arguments.large_size,
                seed=LARGE_SEED,
                stdout=io.StringIO(),
            )
            print(f"\ngrande charte générée en {time.perf_counter() - started:.0f} s", file=sys.stderr)
            slug = f"metropole-{LARGE_SEED}"
            report(
                f"Grande charte (generate_scale --large --large-size {arguments.large_size:g})",
                [(label, measure(slug, options)) for label, options in kinds(slug)],
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
