"""`load_demo` loads the Vitrolles charter faithfully and is idempotent.

The charter's text fields are checked against the charter's own text (the copy kept in the data folder,
charter/data/vitrolles-2007/source/), never against the data files the loader reads: a word changed in a
data file fails these tests. Both sides are normalised only for layout (`norm`)."""

import io
import re
import shutil
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils.text import capfirst

from actions.demo import DEMO_NOTE
from actions.models import Action, Indicator, ProjectSheet
from charter.data import VITROLLES_2007
from charter.models import Charter, Organisation, Residence, Role, TerritoryFigure, User
from governance.models import Committee, CommitteeKind
from tests.utils import DEMO_PASSWORD, all_counts

SOURCE = (VITROLLES_2007 / "source" / "charte-gusp-vitrolles.txt").read_text(encoding="utf-8")
LINES = SOURCE.split("\n")

# Annex VI's second worked sheet has no number; it develops sheet 8 (passive security).
UNNUMBERED_WORKED_SHEET = 8


# Reading the charter's text -------------------------------------------------------------------------


def norm(text: str) -> str:
    """Text with its layout made neutral: HTML tags, list markers (➤, o, -, 1., 1-), footnote calls and
    superscript markup removed, spacing around , ; : and ... made uniform, whitespace collapsed, and the
    comma or full stop ending the text dropped. Words, their spelling and their capitals are kept."""
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+", "", text)
    text = re.sub(r"\s*\^\{([^}]*)\}", r"\1", text)  # « 1 ^{er} » is « 1er »
    text = re.sub(r"(?:^|(?<=\s))(?:➤|o(?=\s)|\d{1,2} ?[-.](?=\s)|-)", " ", text)
    text = re.sub(r"\s*([,;:])\s*", r"\1 ", text)
    text = re.sub(r"\s*\.\.\.", "...", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"(?:[,;]|(?<!\.\.)\.)$", "", text).strip()


def item(text: str) -> str:
    """A list item of the charter turned into a record (an orientation, a sheet title): it starts with a
    capital."""
    return capfirst(norm(text))


def section(start: str, end: str) -> list[str]:
    """The lines between the line `start` and the next line `end` (the table of contents' entries carry a
    page number, so the body's headings are unique)."""
    first = LINES.index(start) + 1
    return LINES[first : LINES.index(end, first)]


def orientations_in_text() -> tuple[dict[str, str], dict[str, list[tuple[str | None, str]]]]:
    """Section IV: the themes' titles by code, and each theme's orientations as (heading, text), the
    heading being the last line ending in « : » above the orientation."""
    titles, orientations = {}, {}
    code = heading = None
    for line in section("IV. Les orientations opérationnelles", "V. Les plans d'actions"):
        if match := re.match(r"([A-D]) [-–] (.+)$", line):
            code, heading = match[1], None
            titles[code], orientations[code] = match[2], []
        elif code and line.startswith("- "):
            orientations[code].append((heading, line[2:]))
        elif code and line.rstrip().endswith(":"):
            heading = line.rstrip()[:-1].strip()
    return titles, orientations


def sheets_in_text() -> dict[int, tuple[int, int, str]]:
    """Annex V: number → (group, sub-group, title); groups (the themes) and sub-groups count from 1,
    sub-group 0 when the group is not split."""
    sheets, group, sub_group = {}, 0, 0
    lines = section(
        "Liste provisoire des fiches projets qui figureront dans la future convention",
        "Exemples de fiches projets (ébauches)",
    )
    for line in filter(str.strip, lines):
        if match := re.match(r"- (\d+) ?- (.+)$", line):
            sheets[int(match[1])] = (group, sub_group, match[2])
        elif line.startswith("- "):
            sub_group += 1
        else:
            group, sub_group = group + 1, 0
    return sheets


CELLS = {
    "lieu": "place",
    "constat": "findings",
    "attendus": "expected_results",
    "description": "description",
    "porteur": "lead",
    "partenaires": "partners",
    "echéancier": "schedule",
    "moyens": "means",
    "modalités": "evaluation",
    "conditions": "feasibility",
}


def worked_sheets_in_text() -> dict[int, dict[str, str]]:
    """Annex VI: the worked sheets' cells by sheet number (the unnumbered one under
    UNNUMBERED_WORKED_SHEET), keyed as in CELLS, plus `heading` (the sheet's first row)."""
    tables, rows = [], []
    for line in LINES[LINES.index("Exemples de fiches projets (ébauches)") + 1 :] + [""]:
        if "\t" in line:
            rows.append(line.split("\t", 1))
        elif rows:
            tables.append(rows)
            rows = []
    sheets = {}
    for (head, heading), *cells in tables:
        number = re.search(r"\d+", head)
        sheet = {"heading": heading.strip() or head.strip()}
        for label, value in cells:
            sheet[CELLS[re.match(r"\w+", label.lower())[0]]] = value
        sheets[int(number[0]) if number else UNNUMBERED_WORKED_SHEET] = sheet
    return sheets


def signatures_in_text() -> tuple[list[str], dict[str, list[str]]]:
    """Section II's representatives in order, and the « Signatures » page's blocks: name → lines."""
    representatives = [
        re.search(r"\*\*(.+?)\*\*", line)[1]
        for line in section("II. Signataires et Objet de la Charte", "Celle-ci détermine :")
        if line.startswith("Représenté")
    ]
    paragraphs = [
        [line.strip() for line in paragraph.strip().split("\n")]
        for paragraph in re.split(r"\n\s*\n", "\n".join(section("Signatures", "Vitrolles, le")))
        if paragraph.strip()
    ]
    return representatives, {
        name[0]: lines for name, lines in zip(paragraphs[::2], paragraphs[1::2], strict=True)
    }


def test_norm_makes_only_the_layout_neutral():
    assert (
        norm("<ul> ➤ des prestations,</ul> - un manque,\n o de contrôle,")
        == "des prestations, un manque, de contrôle"
    )
    assert norm("1- éviter 2- prévenir") == norm("1. éviter\n2. prévenir") == "éviter prévenir"
    assert norm("fin 2006/ 1 ^{er} trimestre") == "fin 2006/ 1er trimestre"
    assert norm("voisinage ,coproduction") == norm("voisinage, coproduction")
    assert norm("urbain¹¹,") == "urbain"
    assert norm("des véhicules...),") == "des véhicules...)"
    assert norm("sous préfecture") != norm("sous-préfecture")
    assert norm("Evaluation") != norm("Évaluation")
    assert norm("diagnostics en marchand") != norm("diagnostics en marchant")


# The charter's facts against its text ---------------------------------------------------------------


def test_themes_and_orientations_are_the_charters(demo):
    titles, orientations = orientations_in_text()
    assert list(demo.themes.values_list("code", flat=True)) == list(titles) == ["A", "B", "C", "D"]
    for theme in demo.themes.all():
        assert norm(theme.title) == norm(titles[theme.code])
        loaded = list(theme.orientations.select_related("sub_theme").order_by("order"))
        assert [item(o.text) for o in loaded] == [item(text) for _heading, text in orientations[theme.code]]
        for orientation, (heading, _text) in zip(loaded, orientations[theme.code], strict=True):
            if orientation.sub_theme:
                assert norm(orientation.sub_theme.title) == norm(heading)
    assert demo.themes.get(code="A").sub_themes.count() == 2
    c6 = demo.themes.get(code="C").orientations.get(order=6).text
    assert "dont les orientations opérationnelles pourraient fournir le cadre), qualification" in c6
    # C-6 in full, against its line of the charter's text.
    assert item(c6) == item(orientations["C"][5][1])
    assert orientations["C"][5][1].startswith("Sollicitation d'initiatives") and c6.endswith("associatifs")


def test_the_23_sheet_titles_are_the_charters(demo):
    in_text = sheets_in_text()
    sheets = ProjectSheet.objects.filter(charter=demo).select_related("theme", "sub_theme")
    assert sorted(in_text) == [sheet.number for sheet in sheets] == list(range(1, 24))
    for sheet in sheets:
        group, sub_group, title = in_text[sheet.number]
        assert item(sheet.title) == item(title), sheet.number
        assert sheet.theme.code == "ABCD"[group - 1]
        assert (sheet.sub_theme.order if sheet.sub_theme else 0) == sub_group
    sheet_17 = ProjectSheet.objects.get(charter=demo, number=17).title
    assert sheet_17.startswith(
        "Développement de la communication sur le quartier : Mise en place d'une permanence"
    )
    # Sheet 17's full title, against its line of Annex V.
    assert item(sheet_17) == item(in_text[17][2]) and sheet_17.endswith("des projets et des actions)")


@pytest.mark.parametrize("number", [1, 8, 22])
def test_worked_sheets_are_the_charters_field_by_field(demo, number):
    cells = worked_sheets_in_text()[number]
    sheet = ProjectSheet.objects.get(charter=demo, number=number)
    description = cells["description"]
    if number == UNNUMBERED_WORKED_SHEET:  # its heading opens the description
        description = f"{cells['heading']}\n{description}"
    schedule = [m.label for m in sheet.milestones.order_by("due_on")] + sheet.schedule_note.splitlines()
    assert norm(sheet.place_note) == norm(cells["place"])
    assert norm(sheet.findings) == norm(cells["findings"])
    assert norm(sheet.expected_results) == norm(cells["expected_results"])
    assert norm(sheet.description) == norm(description)
    assert norm(sheet.lead_note or sheet.lead.name) == norm(cells["lead"])
    assert norm(sheet.partners_note) == norm(cells["partners"])
    assert norm(", ".join(schedule)) == norm(cells["schedule"])
    assert norm(f"{sheet.means} {sheet.funding_sources}") == norm(cells["means"])
    assert norm(sheet.evaluation) == norm(cells["evaluation"])
    assert norm(sheet.feasibility) == norm(cells.get("feasibility", ""))
    assert sheet.tools == "" and sheet.all_territories


def test_worked_sheets_readings(demo):
    """What the loader reads into the worked sheets beyond the text: lead, partners, dated milestones."""
    s1, s8, s22 = (ProjectSheet.objects.get(charter=demo, number=n) for n in (1, 8, 22))
    assert s1.lead is None and list(s1.partners.values_list("slug", flat=True)) == ["ville-vitrolles"]
    assert [(m.due_on.isoformat(), m.done) for m in s1.milestones.all()] == [
        ("2007-03-31", True),
        ("2007-04-01", True),
        ("2007-12-31", True),
    ]
    assert s1.schedule_note == "action permanente"
    assert s8.lead.slug == s22.lead.slug == "ville-vitrolles"
    assert "police-nationale" in s8.partners.values_list("slug", flat=True)
    assert not s8.milestones.exists() and s8.schedule_note == "2007 – 2008"


def test_signatures_are_the_charters(demo):
    representatives, blocks = signatures_in_text()
    signatures = list(demo.signatures.order_by("order"))
    assert [s.representative for s in signatures] == representatives
    assert len(signatures) == 13 and set(blocks) == set(representatives)

    def flat(text):
        return " ".join(norm(text).replace(",", " ").split())

    for signature in signatures:
        lines = blocks[signature.representative]
        # The whole block, or the block without its last line when that line names the organisation.
        assert flat(signature.representative_title) in {flat(" ".join(lines)), flat(" ".join(lines[:-1]))}


def test_duration_rule_and_annexes_are_the_charters(demo):
    assert norm(demo.extension_rule) in norm(SOURCE)
    annex_3 = "\n".join(section("Liste des résidences et référents bailleurs sociaux", "Annexe 4"))
    assert all(c.full_name in annex_3 for c in demo.correspondents.all())
    annex_4 = "\n".join(
        section(
            "Liste des membres de l'instance de concertation des bailleurs sociaux",
            "Liste provisoire des fiches projets qui figureront dans la future convention",
        )
    )
    body = Committee.objects.get(charter=demo, kind=CommitteeKind.LANDLORDS_BODY)
    assert all(m.full_name in annex_4 and m.position in annex_4 for m in body.members.all())


def test_annex_2_figures_are_the_charters(demo):
    lines = section("Données socio économiques concernant les quatre quartiers prioritaires", "Annexe 3")
    figures = TerritoryFigure.objects.filter(territory__charter=demo).select_related("territory")
    assert figures.count() == 15
    for figure in figures:
        line = next(
            line
            for line in lines
            if (bold := re.search(r"\*\*(.+?)\*\*", line)) and figure.territory.name.startswith(bold[1])
        )
        line = re.sub(r"(\d),\s?(\d)", r"\1.\2", re.sub(r"(\d) (\d{3})\b", r"\1\2", line))
        assert figure.value in {Decimal(n) for n in re.findall(r"\d+(?:\.\d+)?", line)}, figure


# Counts, demonstration data, idempotence ------------------------------------------------------------


def test_counts_match_the_charter(demo):
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
    assert ProjectSheet.objects.filter(charter=demo).count() == 23


def test_annex_2_figures_keep_source_and_year(demo):
    pins = TerritoryFigure.objects.filter(territory__slug="les-pins")
    assert {f.kind: float(f.value) for f in pins} == {
        "population": 3401,
        "under_25": 42,
        "no_diploma": 41.11,
        "unemployment": 40.5,
    }
    # The charter dates none of its figures: they keep their source, and no year (« non daté »).
    figures = TerritoryFigure.objects.filter(territory__charter=demo)
    assert all(f.source and f.year is None for f in figures)


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
    rapporteur = Committee.objects.get(charter=demo, theme__code="A").members.get(role="rapporteur")
    assert rapporteur.user.username == "comite" and "démonstration" in rapporteur.position


def test_demonstration_records_are_marked(demo):
    assert Action.objects.filter(sheet__charter=demo).count() == 5
    assert all(DEMO_NOTE in action.description for action in Action.objects.filter(sheet__charter=demo))
    assert all(DEMO_NOTE in indicator.description for indicator in Indicator.objects.filter(charter=demo))


def test_load_demo_twice_changes_nothing(demo):
    before = all_counts()
    call_command("load_demo", data=VITROLLES_2007, password=DEMO_PASSWORD, stdout=io.StringIO())
    assert all_counts() == before


def test_a_second_charter_is_a_data_folder(demo, tmp_path):
    """Another charter loads from its own folder, without code: here Vitrolles' facts under another slug,
    without demonstration data."""
    folder = tmp_path / "autre-charte"
    shutil.copytree(VITROLLES_2007 / "facts", folder / "facts")
    charter_yaml = (VITROLLES_2007 / "charter.yaml").read_text(encoding="utf-8")
    (folder / "charter.yaml").write_text(charter_yaml.replace("slug: vitrolles-2007", "slug: autre-2007"))
    organisations = Organisation.objects.count()

    call_command("load_demo", data=folder, password=DEMO_PASSWORD, stdout=io.StringIO())

    other = Charter.objects.get(slug="autre-2007")
    assert ProjectSheet.objects.filter(charter=other).count() == 23
    assert other.signatures.count() == 13 and other.committees.count() == 8
    assert Residence.objects.in_charter(other).count() == 8
    assert Organisation.objects.count() == organisations  # shared with Vitrolles
    assert not Action.objects.filter(sheet__charter=other).exists()
    assert set(ProjectSheet.objects.filter(charter=other).values_list("status", flat=True)) == {"draft"}


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
    assert accounts["admin"].is_superuser and not accounts["coordination"].is_staff
    # Permissions are held by the organisation's group, not by the user.
    assert accounts["opac-sud"].groups.filter(pk=Organisation.objects.get(slug="opac-sud").group_id).exists()


def test_load_demo_prints_the_logins(db):
    out = io.StringIO()
    call_command("load_demo", data=VITROLLES_2007, password=DEMO_PASSWORD, stdout=out)
    assert out.getvalue().splitlines()[1:] == [
        "Comptes de démonstration :",
        "  coordination   Chargé(e) de mission GUSP",
        "  opac-sud       Référent(e) partenaire ou bailleur",
        "  logirem        Référent(e) partenaire ou bailleur",
        "  comite         Membre d'instance",
        "  admin          Administration Django (superutilisateur)",
        f"Mot de passe commun : {DEMO_PASSWORD}",
    ]
