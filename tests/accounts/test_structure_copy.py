"""A charter made by copying Vitrolles' structure gets the orientations each sheet is filed under and the
committees' yearly duties (e.g. the technical committee's preparation of the CUCS call for projects), and
nothing of the content."""

from actions.models import ProjectSheet
from charter.services_accounts import copy_structure
from governance.models import CommitteeDuty
from tests.factories import CharterFactory


def test_copying_keeps_sheet_orientations_and_committee_duties(demo):
    target = CharterFactory()
    copy_structure(source=demo, target=target)

    source_sheets = {
        s.number: s for s in ProjectSheet.objects.filter(charter=demo).prefetch_related("orientations")
    }
    copied_sheets = ProjectSheet.objects.filter(charter=target).prefetch_related("orientations__theme")
    assert copied_sheets.count() == len(source_sheets)
    filed = 0
    for sheet in copied_sheets:
        expected = sorted(
            (o.theme.code, o.order, o.text) for o in source_sheets[sheet.number].orientations.all()
        )
        got = sorted((o.theme.code, o.order, o.text) for o in sheet.orientations.all())
        assert got == expected, sheet.number
        assert all(o.theme.charter_id == target.pk for o in sheet.orientations.all())
        filed += bool(got)
    assert filed > 0  # Vitrolles' sheets are filed under orientations

    source_duties = sorted(
        (d.committee.name, d.title, d.due_month, d.due_day)
        for d in CommitteeDuty.objects.filter(committee__charter=demo).select_related("committee")
    )
    copied_duties = sorted(
        (d.committee.name, d.title, d.due_month, d.due_day)
        for d in CommitteeDuty.objects.filter(committee__charter=target).select_related("committee")
    )
    assert source_duties and copied_duties == source_duties
    assert not CommitteeDuty.objects.filter(committee__charter=target, completions__isnull=False).exists()
