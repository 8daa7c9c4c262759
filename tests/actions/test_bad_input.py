"""Bad input on the action plan (the small world's, `plan` fixture): a clear French error and nothing
written; HTML is always escaped."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from actions.models import Action, Attachment, Intervention
from tests.factories import ProjectSheetFactory
from tests.utils import SHEET_TEXT_FIELDS, action_payload, assert_refused, sheet_payload

YESTERDAY = dt.date.today() - dt.timedelta(days=1)


def png_bytes(width=40, height=30) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (30, 30, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


def new_action(plan, **overrides):
    """The form of a new action like landlord A's, in the first quarter."""
    defaults = {
        "title": "Nouvelle action",
        "starts_on": "2026-03-01",
        "due_on": "2026-09-30",
        "status": "planned",
        "progress": 0,
    }
    return action_payload(plan["action_a"], **(defaults | overrides))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"due_on": "2026-01-31"}, "L&#x27;échéance doit être postérieure ou égale à la date de début."),
        ({"progress": 101}, "Assurez-vous que cette valeur est inférieure ou égale à 100."),
        ({"progress": -1}, "Assurez-vous que cette valeur est supérieure ou égale à 0."),
        ({"status": "finished", "progress": 80}, "Une action terminée est avancée à 100 %."),
        ({"title": ""}, "Ce champ est obligatoire."),
        ({"title": "x" * 301}, "au plus 300 caractères"),
        ({"starts_on": "31/02/2026"}, "Saisissez une date valide."),
    ],
)
def test_bad_action(plan, small_world, client_as, overrides, message):
    url = reverse("actions:action_create", args=[plan["sheet"].pk])
    assert_refused(client_as(small_world.coordinator), url, new_action(plan, **overrides), message)


def test_residence_outside_the_chosen_quarter(plan, small_world, client_as):
    url = reverse("actions:action_create", args=[plan["sheet"].pk])
    assert_refused(
        client_as(small_world.coordinator),
        url,
        new_action(plan, territory=small_world.other_territory.pk, residences=[plan["residence_a"].pk]),
        "Ces résidences ne sont pas dans le quartier choisi",
    )


@pytest.fixture
def referent_a(small_world, client_as):
    """A client logged in as landlord A's referent, who logs on landlord A's action."""
    return client_as(small_world.referent_a)


def log(plan, files, **overrides):
    """The URL and form of a journal entry on landlord A's action, at landlord A's residence."""
    url = reverse("actions:intervention_create", args=[plan["action_a"].pk])
    data = {
        "done_on": YESTERDAY.isoformat(),
        "residence": plan["residence_a"].pk,
        "text": "Nettoyage cage B",
        "hours": "1.5",
        "cost": "",
        "files": files,
    } | overrides
    return url, data


def test_valid_upload_is_stored_outside_static_files(plan, small_world, referent_a, client_as, settings):
    url, data = log(
        plan,
        [
            SimpleUploadedFile("cage-b.png", png_bytes(), content_type="image/png"),
            SimpleUploadedFile("photo.JPEG", jpeg_bytes(), content_type="image/jpeg"),
        ],
    )
    assert referent_a.post(url, data).status_code == 302
    entry = Intervention.objects.get(action=plan["action_a"])
    files = list(entry.attachments.order_by("pk"))
    assert [(f.original_name, f.content_type, f.width, f.height) for f in files] == [
        ("cage-b.png", "image/png", 40, 30),
        ("photo.JPEG", "image/jpeg", 20, 20),
    ]
    path = files[0].file.path
    assert path.startswith(str(settings.MEDIA_ROOT)) and "static" not in path
    assert "cage-b" not in path  # the stored name is not the user's
    # Served to partners, not to the public.
    served = client_as(small_world.referent_b).get(files[0].get_absolute_url())
    assert served.status_code == 200
    body = b"".join(served.streaming_content)
    assert Image.open(io.BytesIO(body)).size == (40, 30)
    assert served["Content-Type"] == "image/png"
    assert client_as(None).get(files[0].get_absolute_url()).status_code == 302


def test_photo_metadata_is_removed(plan, referent_a):
    """A phone photo's EXIF (here a description; GPS works the same way) is not kept nor served."""
    image = Image.new("RGB", (30, 20), (10, 120, 10))
    exif = Image.Exif()
    exif[0x010E] = "position-secrete-43.41N"
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    assert b"position-secrete" in buffer.getvalue()
    url, data = log(plan, [SimpleUploadedFile("photo.jpg", buffer.getvalue())])
    assert referent_a.post(url, data).status_code == 302
    stored = Attachment.objects.get()
    content = stored.file.read()
    stored.file.close()
    assert b"position-secrete" not in content
    assert not Image.open(io.BytesIO(content)).getexif()
    assert stored.size == len(content)


def test_missing_file_is_a_404(plan, referent_a):
    url, data = log(plan, [SimpleUploadedFile("a.png", png_bytes())])
    assert referent_a.post(url, data).status_code == 302
    stored = Attachment.objects.get()
    stored.file.storage.delete(stored.file.name)
    assert referent_a.get(stored.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("rapport.pdf", None, "ne correspond pas à son nom"),  # a PNG named .pdf
        ("photo.png", b"MZ\x90\x00 not an image at all" * 10, "n&#x27;est pas d&#x27;un type accepté"),
        (
            "script.svg",
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            "n&#x27;est pas d&#x27;un type accepté",
        ),
        ("enorme.png", "big", "la limite est de 10 Mo"),
        ("geante.png", "huge-image", "est trop grande"),
    ],
)
def test_refused_upload_writes_nothing(plan, referent_a, settings, name, content, message):
    if content is None:
        content = png_bytes()
    elif content == "big":
        content = png_bytes() + b"\0" * (20 * 1024 * 1024)  # a 20 MB upload
    elif content == "huge-image":
        content = png_bytes(12_000, 10)
    media_before = (
        sorted(p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
        if settings.MEDIA_ROOT.exists()
        else []
    )
    url, data = log(plan, [SimpleUploadedFile(name, content)])
    assert_refused(referent_a, url, data, message)
    assert not Attachment.objects.exists()
    media_after = (
        sorted(p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
        if settings.MEDIA_ROOT.exists()
        else []
    )
    assert media_after == media_before


def test_one_bad_file_among_good_ones_refuses_the_whole_entry(plan, referent_a):
    url, data = log(
        plan, [SimpleUploadedFile("ok.png", png_bytes()), SimpleUploadedFile("faux.jpg", png_bytes())]
    )
    assert_refused(referent_a, url, data, "faux.jpg")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"done_on": "2099-01-01"}, "ne peut pas être dans le futur"),
        ({"hours": "-2"}, "supérieure ou égale à 0"),
        ({"text": ""}, "Ce champ est obligatoire."),
        ({"text": "x" * 10_001}, "au plus 10000 caractères"),
    ],
)
def test_bad_journal_entry(plan, referent_a, overrides, message):
    url, data = log(plan, [], **overrides)
    assert_refused(referent_a, url, data, message)


SCRIPT = "<script>alert('gusp')</script>"
ESCAPED = "&lt;script&gt;alert(&#x27;gusp&#x27;)&lt;/script&gt;"


def test_html_in_every_text_field_is_escaped(plan, small_world, client_as):
    client = client_as(small_world.coordinator)
    sheet = ProjectSheetFactory(charter=small_world.charter)
    payload = sheet_payload(sheet, title=SCRIPT, status="draft", is_published="on")
    payload |= {field: SCRIPT + field for field in SHEET_TEXT_FIELDS}
    assert client.post(reverse("actions:sheet_edit", args=[sheet.pk]), payload).status_code == 302
    action_url = reverse("actions:action_create", args=[sheet.pk])
    assert client.post(action_url, new_action(plan, title=SCRIPT, description=SCRIPT)).status_code == 302
    action = Action.objects.get(sheet=sheet)
    _, data = log(plan, [], text=SCRIPT)
    data["residence"] = ""
    assert client.post(reverse("actions:intervention_create", args=[action.pk]), data).status_code == 302

    pages = [
        reverse("actions:sheet_detail", args=[sheet.pk]),
        reverse("actions:sheet_list", args=[small_world.charter.slug]),
        reverse("actions:action_detail", args=[action.pk]),
        reverse("actions:plan", args=[small_world.charter.slug]),
        reverse("actions:sheet_history", args=[sheet.pk]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert ESCAPED in html, url
    detail = client.get(pages[0]).content.decode()
    for field in SHEET_TEXT_FIELDS:
        assert ESCAPED + field in detail, field
    public = client_as(None).get(pages[0]).content.decode()
    assert "<script>alert" not in public and ESCAPED in public
