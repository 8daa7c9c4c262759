"""Whether a charter is a fictitious example: its summary starts with « Exemple fictif » (its data folder's
charter.yaml), or its slug is listed in `settings.GUSP_EXAMPLE_CHARTERS`. The same rule as
`funding.tfpb.examples` (diagnostics does not import funding); both go once `Charter` carries the mark."""

from django.conf import settings

EXAMPLE_MARK = "Exemple fictif"


def is_example(charter) -> bool:
    if charter is None:
        return False
    return charter.slug in getattr(settings, "GUSP_EXAMPLE_CHARTERS", ()) or (
        charter.summary or ""
    ).startswith(EXAMPLE_MARK)
