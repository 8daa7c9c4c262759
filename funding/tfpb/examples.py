"""Whether a charter is a fictitious example: the rule is `Charter.is_example` (one home, in charter)."""

from charter.models import EXAMPLE_MARK

__all__ = ["EXAMPLE_MARK", "is_example"]


def is_example(charter) -> bool:
    return charter is not None and charter.is_example
