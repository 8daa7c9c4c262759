"""Query-string ids and years written with characters that `str.isdigit` accepts but `int` refuses
(superscripts, circled digits) are ignored like any other unknown value: the page answers, never a 500."""

import pytest
from django.urls import reverse

from tests.utils import client_as

ODD_DIGITS = ["²", "①", "¹²³", "٣"]  # the last one is an Arabic-Indic three: int() reads it


@pytest.mark.parametrize("value", ODD_DIGITS)
def test_odd_digits_in_query_strings(demo, value):
    client = client_as("coordination")
    pages = [
        reverse("diagnostics:survey_trend", args=[demo.slug]) + f"?bailleur={value}",
        reverse("funding:mission", args=[demo.slug]) + f"?annee={value}",
        reverse("funding:commitment_create", args=[demo.slug]) + f"?fiche={value}",
    ]
    for url in pages:
        assert client.get(url).status_code == 200, url
