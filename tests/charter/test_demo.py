"""`load_demo` loads the Vitrolles charter faithfully and is idempotent."""

import io

from django.apps import apps
from django.core.management import call_command
from django.db.models import Sum

from actions.models import ProjectSheet
from charter.models import Organisation, Residence, Role, TerritoryFigure, User
from governance.models import Committee, CommitteeKind
from tests.conftest import DEMO_PASSWORD


def all_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_counts_match_the_charter(demo):
    assert demo.signatures.count() == 13
    assert sorted(demo.signatures.values_list("representative", flat=True)) == sorted(
        [
            "Pierre N'GAHANE",
            "Michel VAUZELLE",
            "Jean-Noël GUERINI",
            "Maryse JOISSAINS-MASINI",
            "Guy OBINO",
            "Jean BONAT",
            "Pascal FRIQUET",
            "Alain COURAZIER",
            "Jean-Marc PINET",
            "Pierre FORESTIER",
            "Bernard OLIVER",
            "Nicole L'HERNAULT",
            "Stéphane BONNOIS",
        ]
    )
    phases = dict(demo.territories.values_list("slug", "phase"))
    assert phases == {
        "les-pins": 1,
        "les-hermes": 1,
        "la-petite-garrigue": 1,
        "le-liourat": 1,
        "la-frescoule": 2,
        "la-tuiliere": 2,
    }
    residences = Residence.objects.in_charter(demo)
    assert residences.count() == 8
    assert residences.aggregate(total=Sum("dwellings"))["total"] == 2193
    assert residences.get(landlord__slug="opac-sud", name="Les Pins").dwellings == 875
    by_landlord = dict(
        residences.values_list("landlord__slug")
        .annotate(total=Sum("dwellings"))
        .values_list("landlord__slug", "total")
    )
    assert by_landlord == {
        "cooperation-et-famille": 518,
        "famille-et-provence": 124,
        "logirem": 206,
        "opac-sud": 875,
        "phoceenne-habitation": 470,
    }
    assert list(demo.themes.values_list("code", flat=True)) == ["A", "B", "C", "D"]
    assert demo.themes.get(code="A").sub_themes.count() == 2
    assert ProjectSheet.objects.filter(charter=demo).count() == 23
    assert list(ProjectSheet.objects.filter(charter=demo).values_list("number", flat=True)) == list(
        range(1, 24)
    )
    assert ProjectSheet.objects.get(charter=demo, number=22).theme.code == "D"
    assert ProjectSheet.objects.get(charter=demo, number=7).sub_theme.title.startswith("Les aménagements")


def test_annex_2_figures_keep_source_and_year(demo):
    pins = TerritoryFigure.objects.filter(territory__slug="les-pins")
    assert {f.kind: float(f.value) for f in pins} == {
        "population": 3401,
        "under_25": 42,
        "no_diploma": 41.11,
        "unemployment": 40.5,
    }
    assert all(f.source and f.year for f in TerritoryFigure.objects.all())


def test_committees_of_section_vi(demo):
    kinds = list(Committee.objects.filter(charter=demo).values_list("kind", flat=True))
    assert kinds.count(CommitteeKind.WORKING_GROUP) == 4
    for kind in [
        CommitteeKind.STEERING,
        CommitteeKind.TECHNICAL,
        CommitteeKind.LANDLORDS_BODY,
        CommitteeKind.PUBLIC_MEETING,
    ]:
        assert kinds.count(kind) == 1
    assert Committee.objects.get(charter=demo, kind=CommitteeKind.STEERING).min_meetings_per_year == 2
    assert Committee.objects.get(charter=demo, kind=CommitteeKind.LANDLORDS_BODY).members.count() == 25


def test_load_demo_twice_changes_nothing(demo):
    before = all_counts()
    call_command("load_demo", password=DEMO_PASSWORD, stdout=io.StringIO())
    assert all_counts() == before


def test_no_personal_contact_is_shipped(demo):
    assert not demo.correspondents.exclude(email="").exists()
    assert not demo.correspondents.exclude(phone="").exists()
    assert set(User.objects.values_list("email", flat=True)) <= {
        f"{u}@example.org" for u in ["coordination", "opac-sud", "logirem", "comite", "admin"]
    }


def test_demo_accounts_one_per_role(demo):
    accounts = {u.username: u for u in User.objects.select_related("organisation")}
    assert accounts["coordination"].role == Role.COORDINATOR
    assert accounts["opac-sud"].organisation.slug == "opac-sud"
    assert accounts["opac-sud"].role == Role.REFERENT
    assert accounts["logirem"].organisation.slug == "logirem"
    assert accounts["comite"].role == Role.COMMITTEE_MEMBER
    assert accounts["opac-sud"].check_password(DEMO_PASSWORD)
    # Permissions are held by the organisation's group, not by the user.
    assert accounts["opac-sud"].groups.filter(pk=Organisation.objects.get(slug="opac-sud").group_id).exists()


def test_load_demo_prints_the_logins(db):
    out = io.StringIO()
    call_command("load_demo", password=DEMO_PASSWORD, stdout=out)
    for username in ["coordination", "opac-sud", "logirem", "comite"]:
        assert username in out.getvalue()
