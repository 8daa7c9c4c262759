"""Hostile uploads on a journal entry (a landlord's referent, `opac-sud`, on one of its actions): an image
whose header announces 40,000 × 40,000 pixels is refused from its header, without being decoded and
without the memory growing; the metadata of a phone photo (EXIF with its GPS position, XMP, JPEG comment)
never reaches the storage; ten photos over the per-request pixel budget are refused together and nothing
is written."""

import io
import resource
import struct
import tracemalloc
import zlib

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image, ImageFile

from actions.models import Action, Attachment
from actions.uploads import MAX_REQUEST_PIXELS
from charter.models import User
from tests.hostile.walk import completed, forms_of
from tests.utils import all_counts

MB = 1024 * 1024


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def announced_png(width: int, height: int, rows: int = 1000) -> bytes:
    """A PNG whose header announces `width` × `height` RGB pixels, with the first `rows` rows of black
    pixels compressed in it (a few hundred kilobytes that a decoder would expand to `rows` × `width` × 3
    bytes: 120 MB for 1,000 rows of 40,000 pixels)."""
    row = b"\x00" + b"\x00" * (width * 3)  # filter byte, then the pixels
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(rows)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", data) + png_chunk(b"IEND", b"")
    )


def jpeg_segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="43,27.5N" '
    b'exif:GPSLongitude="5,14.9E"/></rdf:RDF></x:xmpmeta>'
)


def phone_photo() -> bytes:
    """A JPEG as a phone writes it: EXIF with the camera and the GPS position, an XMP packet with the
    position again, and a comment segment (COM)."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TelephoneSecret"
    exif[ExifTags.Base.ImageDescription] = "cage-b-chez-madame-x"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (43.0, 27.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (5.0, 14.0, 54.0)
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (180, 40, 40)).save(buffer, format="JPEG", exif=exif.tobytes())
    jpeg = buffer.getvalue()
    extra = jpeg_segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + XMP) + jpeg_segment(
        0xFE, b"commentaire-secret: 12 rue des Pins"
    )
    return jpeg[:2] + extra + jpeg[2:]  # right after SOI


def jpeg_markers(content: bytes) -> set[int]:
    """The markers of the segments before the image data (SOS)."""
    markers, at = set(), 2
    while at + 4 <= len(content) and content[at] == 0xFF:
        marker = content[at + 1]
        markers.add(marker)
        if marker == 0xDA:  # start of scan: the pixels follow
            break
        at += 2 + struct.unpack(">H", content[at + 2 : at + 4])[0]
    return markers


def media_files() -> list:
    root = settings.MEDIA_ROOT
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def journal(demo, client_as):
    """(client, address, values) of the journal form of an action `opac-sud` logs on, as its page shows
    it (with a text), to which a test adds files."""
    user = User.objects.get(username="opac-sud")
    action = Action.objects.loggable_by(user).filter(sheet__charter=demo).order_by("pk").first()
    client = client_as(user)
    url = reverse("actions:intervention_create", args=[action.pk])
    (form,) = [f for f in forms_of(url, client.get(url).content.decode()) if f.action == url]
    return client, url, completed(form) | {"text": ["Passage de l'entreprise de nettoyage, cage B."]}


def test_an_image_announcing_40000_by_40000_pixels_is_refused_from_its_header(journal, monkeypatch):
    client, url, values = journal
    bomb = announced_png(40_000, 40_000)
    assert len(bomb) < 2 * MB
    decoded = []
    original_load = ImageFile.ImageFile.load
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: decoded.append(self) or original_load(self))
    before = all_counts()
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes
    tracemalloc.start()
    try:
        response = client.post(url, values | {"files": [SimpleUploadedFile("facade.png", bomb)]})
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    html = response.content.decode()
    assert response.status_code == 400
    assert "L&#x27;image « facade.png » est trop grande : au plus 10000 pixels de côté" in html
    assert decoded == []  # no pixel was decoded
    assert peak < 50 * MB
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_rss < 50 * 1024
    assert all_counts() == before


def test_the_metadata_of_a_phone_photo_never_reaches_the_storage(journal):
    client, url, values = journal
    photo = phone_photo()
    # The photo as sent carries all of it (the test would prove nothing otherwise).
    assert {0xE1, 0xFE} <= jpeg_markers(photo)
    for secret in (
        b"Exif\x00\x00",
        b"TelephoneSecret",
        b"http://ns.adobe.com/xap/1.0/",
        b"commentaire-secret",
    ):
        assert secret in photo
    assert Image.open(io.BytesIO(photo)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    response = client.post(url, values | {"files": [SimpleUploadedFile("IMG_0042.jpg", photo)]})
    assert response.status_code == 302
    stored = Attachment.objects.get(original_name="IMG_0042.jpg")
    with stored.file.open("rb") as handle:
        content = handle.read()
    assert content[:2] == b"\xff\xd8"
    assert jpeg_markers(content).isdisjoint({0xE1, 0xE2, 0xED, 0xFE})  # no EXIF/XMP, ICC, IPTC, COM
    for secret in (
        b"Exif",
        b"TelephoneSecret",
        b"cage-b-chez",
        b"xap/1.0",
        b"GPS",
        b"commentaire-secret",
        b"Pins",
    ):
        assert secret not in content
    with Image.open(io.BytesIO(content)) as image:
        assert image.size == (64, 48)
        assert not image.getexif()
        assert "comment" not in image.info and "xmp" not in image.info


def test_ten_photos_over_the_pixel_budget_are_refused_and_nothing_is_written(journal):
    client, url, values = journal
    side = (3000, 2100)  # 6.3 megapixels each, 63 together: over the budget of one request
    assert 10 * side[0] * side[1] > MAX_REQUEST_PIXELS
    buffer = io.BytesIO()
    Image.new("RGB", side, (90, 90, 90)).save(buffer, format="PNG")
    photos = [SimpleUploadedFile(f"photo-{n}.png", buffer.getvalue()) for n in range(10)]
    before, files_before = all_counts(), media_files()
    response = client.post(url, values | {"files": photos})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ces photos font 63 mégapixels ensemble : au plus 60 mégapixels par envoi" in html
    assert "rien n'a été enregistré" in html or "rien n&#x27;a été enregistré" in html
    assert all_counts() == before
    assert media_files() == files_before
