"""Whether a charter is a fictitious example (the present-day example next to the historical charters).

The mark is in the charter's data folder: its summary starts with « Exemple fictif » (charter.yaml), and
the platform may list example charters by slug in `settings.GUSP_EXAMPLE_CHARTERS`. Every page of the
programmes that shows such a charter says so (`templates/funding/tfpb/includes/example.html`). The same
rule is in `diagnostics.surveys.examples`; both go once `Charter` carries the mark itself."""

from django.conf import settings

EXAMPLE_MARK = "Exemple fictif"


def is_example(charter) -> bool:
    if charter is None:
        return False
    return charter.slug in getattr(settings, "GUSP_EXAMPLE_CHARTERS", ()) or (
        charter.summary or ""
    ).startswith(EXAMPLE_MARK)
