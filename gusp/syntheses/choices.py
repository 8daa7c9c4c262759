"""Enumerations of the syntheses, shared by their models, querysets, forms and documents."""

from django.db import models


class Variant(models.TextChoices):
    """Who a synthesis is written for. The public variant leaves out what the public may not read: the
    journals, the exact places of findings, the funding details, the indicators (the partners' dashboards),
    unpublished sheets and unfinished actions, the decisions of closed meetings, and every personal name
    but the signatories'."""

    MEMBERS = "members", "Partenaires de la charte"
    PUBLIC = "public", "Version publique"


# Plausible bounds of a period typed in the form or on the command line.
YEAR_MIN = 2000
YEAR_MAX = 2100
MAX_PERIOD_DAYS = 366 * 12
# How much of each list a synthesis prints per sheet (the figures always count everything): the document
# grows with the number of sheets, not with the number of actions, entries or findings.
ACTIONS_LISTED = 40
JOURNAL_HIGHLIGHTS = 5
FINDINGS_LISTED = 12
# The storage folder of the files (private: served only through a checked view).
FOLDER = "syntheses"
