"""The command-line door (`manage.py build_synthesis`) makes the same document as the web's door (a job) for
the same parameters; it refuses what is not of the charter."""

import io
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from gusp.core import jobs
from gusp.syntheses.models import Synthesis
from tests.utils import body

from .conftest import pdf_info, pdf_text


@pytest.mark.parametrize("subject", ["theme", "territory", "both"])
def test_the_command_line_makes_the_same_pdf_text_as_the_web(world, client_as, tmp_path, subject):
    charter = world.charter
    starts_on, ends_on = charter.starts_on.replace(month=6, day=1), charter.ends_on
    web = {"theme": "", "territory": "", "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()}
    command = ["--charter", charter.slug, "--from", starts_on.isoformat(), "--to", ends_on.isoformat()]
    if subject in ("theme", "both"):
        web["theme"] = world.theme_a.pk
        command += ["--theme", "a"]  # the theme's letter, in any case
    if subject in ("territory", "both"):
        web["territory"] = world.territory.pk
        command += ["--territory", world.territory.slug]

    member = client_as(world.member)
    response = member.post(
        reverse("syntheses:history", args=[charter.slug]), web | {"form_key": uuid.uuid4().hex}
    )
    assert response.status_code == 302
    synthesis = Synthesis.objects.get()
    jobs.run(synthesis.job_id)
    from_web = body(member.get(synthesis.get_download_url()))

    output = tmp_path / "synthese.pdf"
    out = io.StringIO()
    call_command("build_synthesis", *command, "--output", str(output), stdout=out)
    from_command = output.read_bytes()
    assert "SHA-256" in out.getvalue()

    assert pdf_text(from_command) == pdf_text(from_web)
    assert "AMANDIERS_OBJECTIF" in pdf_text(from_command)
    info_web, info_command = pdf_info(from_web), pdf_info(from_command)
    for field in ("Title:", "Author:", "Pages:", "Tagged:"):
        line = next(line for line in info_web.splitlines() if line.startswith(field))
        assert line in info_command


def test_the_public_version_from_the_command_line(world, tmp_path):
    output = tmp_path / "publique.pdf"
    call_command(
        "build_synthesis",
        "--charter",
        world.charter.slug,
        "--territory",
        world.territory.slug,
        "--public",
        "--output",
        str(output),
        stdout=io.StringIO(),
    )
    text = pdf_text(output.read_bytes())
    assert "Version publique" in text and "AMANDIERS_JOURNAL" not in text


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--charter", "nulle-part"], "Aucune charte"),
        (["--theme", "Z"], "Aucun thème « Z »"),
        (["--territory", "ailleurs"], "Aucun quartier « ailleurs »"),
        (["--from", "2009-13-01"], "Date invalide"),
        (["--from", "2009-01-01", "--to", "2008-01-01"], "La fin de la période doit suivre son début."),
    ],
)
def test_the_command_refuses_what_is_not_of_the_charter(world, tmp_path, arguments, message):
    output = tmp_path / "x.pdf"
    base = ["--charter", world.charter.slug] if "--charter" not in arguments else []
    with pytest.raises(CommandError, match=message):
        call_command("build_synthesis", *base, *arguments, "--output", str(output), stdout=io.StringIO())
    assert not output.exists()
