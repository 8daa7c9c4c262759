"""The one PDF engine of the platform: every PDF (minutes, syntheses…) is rendered here, by WeasyPrint, from
HTML that the platform made with its autoescaped templates. Only ever called from a job or a command,
never inside a web request.

- Nothing is fetched from the network or the file system but the platform's own files. A template names
  them with two pseudo-schemes that the fetcher below resolves itself:
  `static:css/print.css` (a static file, found by Django's staticfiles finders) and, only when the caller
  passes `allow_media=True`, `media:path/in/storage.jpg` (a stored file, read through the default
  storage). Every other address — http(s)://, file://, data:, ftp:, a path climbing out with `..` — is
  refused before anything is opened, whatever the text of a user contains. A refused address does not
  stop the rendering (the image or style is left out); `Pdf.refused` lists them.
- The output is tagged for accessibility (WeasyPrint's PDF/UA-1 variant) and carries a title, a language
  and an author, given by the caller (they override the HTML's <title>, lang and <meta name=author>).
"""

import mimetypes
import posixpath
from dataclasses import dataclass, field

from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage

VARIANT = "pdf/ua-1"
STATIC = "static"
MEDIA = "media"


class RefusedAddress(ValueError):
    """An address the engine will not open."""


@dataclass(frozen=True)
class Pdf:
    content: bytes
    pages: int
    refused: tuple[str, ...] = field(default=())


def _clean_path(path: str, url: str) -> str:
    """A relative path inside a root: no leading slash, no `..`, no backslash, no empty segment."""
    if not path or path.startswith("/") or "\\" in path or "\x00" in path:
        raise RefusedAddress(f"Adresse refusée : {url}")
    normalised = posixpath.normpath(path)
    if normalised != path or normalised.startswith("..") or "/../" in f"/{normalised}/":
        raise RefusedAddress(f"Adresse refusée : {url}")
    return normalised


def _fetcher_class():
    # Imported here: WeasyPrint is heavy to load and only the workers and commands render PDFs.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PlatformFetcher(URLFetcher):
        """Resolves `static:` (and `media:` when allowed) itself; opens nothing else, ever."""

        def __init__(self, *, allow_media: bool = False):
            # No protocol is allowed to the inherited opener: even if `fetch` were bypassed, it opens nothing.
            super().__init__(allowed_protocols=set())
            self.allow_media = allow_media
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            try:
                return self._resolve(url)
            except RefusedAddress:
                self.refused.append(url)
                raise

        def _resolve(self, url: str):
            scheme, separator, path = url.partition(":")
            scheme = scheme.lower() if separator else ""
            if scheme == STATIC:
                found = finders.find(_clean_path(path, url))
                if not found:
                    raise RefusedAddress(f"Fichier statique introuvable : {url}")
                with open(found, "rb") as handle:
                    body = handle.read()
            elif scheme == MEDIA and self.allow_media:
                name = _clean_path(path, url)
                if not default_storage.exists(name):
                    raise RefusedAddress(f"Fichier introuvable : {url}")
                with default_storage.open(name, "rb") as handle:
                    body = handle.read()
            else:
                raise RefusedAddress(f"Adresse refusée : {url}")
            content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, headers={"Content-Type": content_type})

    return PlatformFetcher


def fetcher(*, allow_media: bool = False):
    """The restricted URL fetcher (a WeasyPrint `URLFetcher`): also usable alone, e.g. in tests."""
    return _fetcher_class()(allow_media=allow_media)


def render_document(html: str, *, title: str, author: str, lang: str = "fr", allow_media: bool = False):
    """Lay `html` out (a WeasyPrint `Document`) with the restricted fetcher and the given metadata; returns
    (document, fetcher). `render_pdf` writes it; a caller that needs the pages (their number, their
    boxes) may use this one."""
    from weasyprint import HTML

    url_fetcher = fetcher(allow_media=allow_media)
    document = HTML(string=html, base_url=None, url_fetcher=url_fetcher).render(pdf_variant=VARIANT)
    document.metadata.title = title
    document.metadata.authors = [author]
    document.metadata.lang = lang
    return document, url_fetcher


def render_pdf(html: str, *, title: str, author: str, lang: str = "fr", allow_media: bool = False) -> Pdf:
    """Render `html` to a tagged PDF (PDF/UA-1) titled `title`, in `lang`, by `author`."""
    document, url_fetcher = render_document(
        html, title=title, author=author, lang=lang, allow_media=allow_media
    )
    content = document.write_pdf(pdf_variant=VARIANT)
    return Pdf(content=content, pages=len(document.pages), refused=tuple(url_fetcher.refused))
