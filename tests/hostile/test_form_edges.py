"""Every form of the platform, as each role that reaches it, takes the edge corpus in every field (one
field at a time, the other fields as the form's own page shows them, required ones it leaves empty
filled in): never a server error, and a refused post (400) writes nothing.

The forms are found from the URL conf (`tests.hostile.walk`), not from a hand list: a new form joins this
test without being listed. File inputs are left out (uploads: `test_uploads.py`). Each post runs in a
savepoint rolled back after it, so that every post meets the same database and an accepted one changes
nothing for the next. The test runs on SQLite and PostgreSQL (which enforces the lengths of text columns
and the ranges of integer columns that SQLite does not).

To keep it fast (it runs twice in CI), a field gets each value of the corpus once, except values that its
kind of input parses the same way as another value it gets (a choice among options: any text that is no
option; a box to tick: any value ticks it; a date: any text that is no date); and a form a previous role
walked with the same fields skips the values it then refused on that very field (refused by the field's
own parsing, which does not depend on who posts). Free text, hidden fields and numbers get everything."""

import re
import uuid

import pytest
from django.db import connection, transaction

from charter.models import User
from tests.hostile.walk import completed, reachable_forms
from tests.test_form_ids import REQUIRED_FORM_PAGES
from tests.utils import all_counts

HUGE = "99999999999999999999999999"
NEGATIVE = "-" + HUGE
BEYOND_BIGINT = "9223372036854775808"  # 2**63: beyond any database integer
UNKNOWN_ID = "2147483646"  # an id no record has, within what the database stores
NOT_A_CHOICE = "choix-inconnu"
LONG = "x" * 5_000  # longer than any one-line field, within the longest texts
NUL = "avant\x00après"  # PostgreSQL refuses a NUL byte in any text
EDGE_VALUES = [
    HUGE, NEGATIVE, BEYOND_BIGINT, "1e309", "NaN", "Infinity", "0001-01-01", "9999-12-31", LONG, NUL,
    UNKNOWN_ID, NOT_A_CHOICE,
]  # fmt: skip
OUT_OF_RANGE = {HUGE, NEGATIVE, BEYOND_BIGINT, "1e309", "NaN", "Infinity", "0001-01-01", "9999-12-31"} | {
    "0001-01-01T00:00",
    "9999-12-31T23:59",
}
# What each kind of input gets (any other: the whole corpus). A choice is an option or not (numbers are
# kept: a forged id is looked up); a date or a time parses or not.
BY_KIND = {
    "choice": [HUGE, NEGATIVE, BEYOND_BIGINT, UNKNOWN_ID, NOT_A_CHOICE],
    "checkbox": [NOT_A_CHOICE],
    "date": ["0001-01-01", "9999-12-31", HUGE, NOT_A_CHOICE],
    "datetime-local": ["0001-01-01T00:00", "9999-12-31T23:59", "0001-01-01", HUGE, NOT_A_CHOICE],
    "time": ["24:00", "23:59:59.999999999", HUGE, NOT_A_CHOICE],
    "number": [HUGE, NEGATIVE, BEYOND_BIGINT, "1e309", "NaN", "Infinity", UNKNOWN_ID, NOT_A_CHOICE, NUL],
}
TYPED_INPUTS = {"number", "date", "datetime-local", "time"}  # never take an out-of-range value
ROLES = {
    "coordination": REQUIRED_FORM_PAGES - {"login"},
    "opac-sud": {"actions:intervention_create", "actions:action_edit", "charter:residence_edit"},
    "comite": {
        "governance:meeting_create",
        "governance:meeting_edit",
        "governance:agenda_item_create",
        "governance:attendance",
        "governance:minutes_edit",
        "governance:decision_create",
    },
}
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
# (form signature, field, value) refused on the field itself, by a role walked earlier in this run.
REFUSED_BY_THE_FIELD: set[tuple] = set()


class Writes:
    """Notes whether the database was sent a statement that writes (the row counts are compared only
    then: without one, nothing can have changed)."""

    def __init__(self):
        self.seen = False

    def __call__(self, execute, sql, params, many, context):
        self.seen = self.seen or bool(WRITE.match(sql))
        return execute(sql, params, many, context)


def corpus(form, name) -> list[str]:
    kind = form.kinds.get(name)
    if kind in {"select", "radio"} or (kind == "checkbox" and len(form.options.get(name, [])) > 1):
        return BY_KIND["choice"]
    if name == "edit_version":  # the version of the record: a number, hidden
        return BY_KIND["number"]
    return BY_KIND.get(kind, EDGE_VALUES)


def shown(value: str) -> str:
    return repr(value if len(value) < 30 else f"{value[:12]}…({len(value)} characters)")


def post_edges(client, form) -> list[str]:
    """Post the corpus into each field of the form; what went wrong, in words."""
    problems = []
    before, baseline = all_counts(), completed(form)
    for name in form.editable:
        for value in corpus(form, name):
            if (form.signature, name, value) in REFUSED_BY_THE_FIELD:
                continue
            data = baseline | {name: [value], "form_key": [uuid.uuid4().hex]}
            what = f"{name}={shown(value)}"
            writes = Writes()
            try:
                with transaction.atomic(), connection.execute_wrapper(writes):
                    response = client.post(form.action, data)
                    refused = 400 <= response.status_code < 500
                    after = all_counts() if refused and writes.seen else before
                    transaction.set_rollback(True)
            except Exception as error:  # the test client re-raises what the view raised: a 500
                problems.append(f"{what}: server error {type(error).__name__}: {str(error)[:200]}")
                continue
            if response.status_code >= 500:
                problems.append(f"{what}: answered {response.status_code}")
            elif after != before:
                changed = {k: (before[k], after.get(k)) for k in before if before[k] != after.get(k)}
                problems.append(f"{what}: refused ({response.status_code}) but wrote rows {changed}")
            elif (
                response.status_code in (301, 302, 303)
                and value in OUT_OF_RANGE
                and form.kinds.get(name) in TYPED_INPUTS
            ):
                problems.append(f"{what}: accepted into a {form.kinds[name]} input")
            if response.status_code == 400 and f'id="id_{name}_error"'.encode() in response.content:
                REFUSED_BY_THE_FIELD.add((form.signature, name, value))
    return problems


@pytest.mark.parametrize("username", list(ROLES))
def test_edge_values_in_every_field(username, demo, client_as, subtests):
    user = User.objects.get(username=username)
    client = client_as(user)
    forms, _opened = reachable_forms(client, user, demo)
    reached = {route for route, _form in forms}
    assert reached >= ROLES[username], f"forms not reached: {ROLES[username] - reached}"
    for route, form in forms:
        with subtests.test(msg=f"{route} → {form.action}"):
            problems = post_edges(client, form)
            assert not problems, f"{len(problems)} problem(s) posting to {form.action}:\n" + "\n".join(
                problems
            )
