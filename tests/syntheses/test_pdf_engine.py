"""The one PDF engine (`gusp.core.pdf`): it opens the platform's static files, stored files only when
allowed, and nothing else — even when the HTML it is given (unescaped, on purpose here) asks for remote
addresses or local files; its output is tagged PDF/UA-1 with a title, a language and an author. The minutes
of meetings go through it too."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from governance import documents as governance_documents
from governance.models import Minutes
from gusp.core import pdf
from tests.factories import MeetingFactory

from .conftest import pdf_info, pdf_objects, pdf_text

PAGE = """<!doctype html><html lang="en"><head><title>ignored</title>
<link rel="stylesheet" href="static:syntheses/print.css"></head><body><h1>Bonjour</h1>{body}</body></html>"""


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/spy.png",
        "https://127.0.0.1:{port}/spy.png",
        "HTTP://127.0.0.1:{port}/spy.png",
        "//127.0.0.1:{port}/spy.png",
        "file:///etc/hostname",
        "file://localhost/etc/passwd",
        "data:image/png;base64,iVBORw0KGgo=",
        "ftp://127.0.0.1:{port}/spy.png",
        "static:../../gusp/settings/base.py",
        "static:/etc/hostname",
        "static:syntheses/../../../../etc/hostname",
        "media:../gusp.sqlite3",
        "media:syntheses/anything.pdf",  # media not allowed for this document
    ],
)
def test_the_engine_fetches_nothing_but_the_platforms_static_files(url, spy_server):
    server, hits = spy_server
    address = url.format(port=server.server_address[1])
    body = f'<img src="{address}"><p style="background: url(\'{address}\')">x</p><link rel="stylesheet" href="{address}">'
    rendered = pdf.render_pdf(PAGE.format(body=body), title="Essai", author="Tests")
    assert hits == []
    if not address.startswith("//"):  # a scheme-relative address has no base: WeasyPrint drops it itself
        assert address in rendered.refused
    assert rendered.content.startswith(b"%PDF")


def test_the_fetcher_refuses_before_opening_anything():
    fetcher = pdf.fetcher()
    for url in ["http://example.org/x.png", "file:///etc/passwd", "static:..", "static:a/../../b", "media:x"]:
        with pytest.raises(pdf.RefusedAddress):
            fetcher.fetch(url)
    assert fetcher.fetch("static:syntheses/print.css").read().startswith(b"/*")


def test_stored_files_are_read_only_when_allowed(db):
    name = default_storage.save(
        "tests-pdf/point.svg", ContentFile(b'<svg xmlns="http://www.w3.org/2000/svg"/>')
    )
    try:
        with pytest.raises(pdf.RefusedAddress):
            pdf.fetcher().fetch(f"media:{name}")
        assert pdf.fetcher(allow_media=True).fetch(f"media:{name}").read().startswith(b"<svg")
        body = f'<img src="media:{name}" alt="point">'
        assert pdf.render_pdf(PAGE.format(body=body), title="t", author="a", allow_media=True).refused == ()
    finally:
        default_storage.delete(name)


def test_the_output_is_tagged_with_title_language_and_author():
    rendered = pdf.render_pdf(
        PAGE.format(body="<p>Texte</p>"), title="Un titre é", author="Coordination", lang="fr"
    )
    info = pdf_info(rendered.content)
    assert "Title:           Un titre é" in info and "Author:          Coordination" in info
    assert "Tagged:          yes" in info and "pdfuaid:part" in info
    assert b"/Lang (fr)" in pdf_objects(rendered.content)
    assert rendered.pages == 1 and rendered.refused == ()


def test_the_minutes_go_through_the_engine(db, spy_server):
    server, hits = spy_server
    meeting = MeetingFactory(
        day=dt.date(2010, 3, 9), held=True, place=f'<img src="http://127.0.0.1:{server.server_address[1]}/x">'
    )
    minutes = Minutes.objects.create(meeting=meeting, text="Compte rendu <b>tapé</b>")
    content = governance_documents.minutes_pdf(minutes)
    info = pdf_info(content)
    assert "Tagged:          yes" in info and "Title:           Compte rendu" in info and "Author:" in info
    assert "Compte rendu <b>tapé</b>" in pdf_text(content)
    assert hits == []
