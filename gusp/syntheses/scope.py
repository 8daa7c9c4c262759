"""What a synthesis is about: a charter, a period, a theme or a territory (or both, or neither: the whole
charter), for the partners or for the public, as things stand on a day. The web (a job) and the command line
build the same PDF from the same `Scope`."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify

from .choices import Variant


@dataclass(frozen=True)
class Scope:
    charter: object
    theme: object | None
    territory: object | None
    starts_on: dt.date
    ends_on: dt.date
    public: bool = False
    today: dt.date | None = field(default=None)

    def __post_init__(self):
        if self.today is None:
            object.__setattr__(self, "today", timezone.localdate())

    @property
    def variant(self) -> str:
        return Variant.PUBLIC if self.public else Variant.MEMBERS

    @property
    def subject(self) -> str:
        """« Thème A – … », « Quartier Les Hermes », both, or « Ensemble de la charte »."""
        parts = []
        if self.theme is not None:
            parts.append(f"Thème {self.theme.code} – {self.theme.title}")
        if self.territory is not None:
            parts.append(f"Quartier {self.territory.name}")
        return " · ".join(parts) or "Ensemble de la charte"

    @property
    def period_label(self) -> str:
        return f"du {date_format(self.starts_on, 'j F Y')} au {date_format(self.ends_on, 'j F Y')}"

    @property
    def title(self) -> str:
        return f"Synthèse GUSP {self.charter.commune} — {self.subject} — {self.period_label}"

    @property
    def author(self) -> str:
        """The author written in the PDF: the charter's coordination, never a person."""
        return f"Coordination GUSP — {self.charter.commune}"

    @property
    def filename(self) -> str:
        parts = ["synthese", self.charter.slug]
        if self.theme is not None:
            parts.append(f"theme-{slugify(self.theme.code)}")
        if self.territory is not None:
            parts.append(self.territory.slug)
        parts.append(f"{self.starts_on:%Y%m%d}-{self.ends_on:%Y%m%d}")
        if self.public:
            parts.append("publique")
        return "-".join(parts) + ".pdf"

    def key(self) -> str:
        """The parameters in one string (not the day: asking again the same day or the next joins the job
        under way)."""
        return ":".join(
            [
                f"c{self.charter.pk}",
                f"th{self.theme.pk}" if self.theme is not None else "th-",
                f"q{self.territory.pk}" if self.territory is not None else "q-",
                f"{self.starts_on:%Y-%m-%d}",
                f"{self.ends_on:%Y-%m-%d}",
                self.variant,
            ]
        )
