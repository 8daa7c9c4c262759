"""The synthesis as a document: its data (`content.gather`), its HTML (an autoescaped template with print
CSS), its PDF (the platform's one engine, `gusp.core.pdf`). The job and the command line both call
`build_pdf`, so that they make the same document from the same scope."""

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation

from gusp.core.pdf import Pdf, render_pdf

from .content import gather
from .scope import Scope

TEMPLATE = "syntheses/pdf/synthesis.html"


def synthesis_html(scope: Scope) -> str:
    """The HTML of the synthesis, in French whatever the process's language."""
    with translation.override("fr"):
        return render_to_string(TEMPLATE, gather(scope))


@dataclass(frozen=True)
class Built:
    pdf: Pdf
    html_seconds: float  # gathering the data and rendering the templates
    pdf_seconds: float  # WeasyPrint alone


def build_pdf(scope: Scope, *, progress: Callable[[int, str], None] | None = None) -> Built:
    """Gather, lay out and render the synthesis of `scope`. `progress(percent, message)` is told where it
    stands (the job's heartbeat)."""

    def tell(percent: int, message: str) -> None:
        if progress is not None:
            progress(percent, message)

    tell(5, "Rassemblement des données")
    started = time.perf_counter()
    html = synthesis_html(scope)
    laid_out = time.perf_counter()
    tell(30, "Mise en page du document")
    pdf = render_pdf(html, title=scope.title, author=scope.author, lang="fr")
    tell(90, "Enregistrement du fichier")
    return Built(pdf=pdf, html_seconds=laid_out - started, pdf_seconds=time.perf_counter() - laid_out)
