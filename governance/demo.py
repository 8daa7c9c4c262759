"""Section VI and Annex IV of the Vitrolles charter: the steering and animation bodies.

The 2007 meetings loaded after the committees (dates, agendas, attendance, minutes, decisions) are
demonstration data, not part of the charter; so is the `comite` account as rapporteur of working group A.
The technical committee's year is planned with the platform's own rule: the second Tuesday of odd
months, French public holidays skipped (8 May 2007 falls out)."""

import datetime as dt
from zoneinfo import ZoneInfo

from actions.models import ProjectSheet
from charter.demo import upsert
from charter.models import Organisation, User

from .models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Committee,
    CommitteeKind,
    CommitteeMember,
    Decision,
    Meeting,
    MeetingStatus,
    MemberRole,
    Minutes,
)
from .planning import year_plan

PARIS = ZoneInfo("Europe/Paris")
TOWN_HALL = "Hôtel de ville de Vitrolles"
ROMARIN = "Le Romarin, Vitrolles"

SIGNATORY_ORGS = [
    "etat",
    "region-paca",
    "cg13",
    "cpa",
    "ville-vitrolles",
    "opac-sud",
    "logis-mediterranee",
    "famille-et-provence",
    "logirem",
    "sud-habitat",
    "arhlm-paca-corse",
    "hmp",
    "phoceenne-habitation",
]
TECHNICAL_ORGS = [
    "etat",
    "region-paca",
    "cg13",
    "cpa",
    "ville-vitrolles",
    "cdc",
    "opac-sud",
    "logis-mediterranee",
    "famille-et-provence",
    "logirem",
    "sud-habitat",
    "hmp",
    "phoceenne-habitation",
    "cooperation-et-famille",
]

# Annex IV: organisation, name, function.
LANDLORDS_BODY = [
    ("etat", "Bénédicte MOISSON DE VAUX", "DDE"),
    ("etat", "Claudette ROUX-EUDE", "DDE-SNTE"),
    ("cpa", "Jaïda MEZIANE", "Chargée d'opération"),
    ("cpa", "Philippe GARDIOL", "Direction des collectes"),
    ("cpa", "Christian CHEFTEL", "Correspondant bailleurs"),
    ("ville-vitrolles", "Jean-Claude DENJEAN", "Adjoint au Maire"),
    ("ville-vitrolles", "Pascale MORBELLI", "Adjointe au Maire"),
    ("ville-vitrolles", "Henri AGARRAT", "Adjoint au Maire"),
    ("ville-vitrolles", "Magali LINGOIS-DIOT", "Chef de projet PV"),
    ("ville-vitrolles", "Alexandre DJINDIAN", "CM prévention/tranquillité"),
    ("ville-vitrolles", "Emmanuel BLAIZOT", "DST"),
    ("ville-vitrolles", "Joëlle BUSSON", "Dir. Développement local"),
    ("ville-vitrolles", "Laurence BAUDARD ZUCCHI", "Resp. serv. logement"),
    ("region-paca", "Carina DECKER", ""),
    ("cg13", "Joseph CAVALLO", ""),
    ("famille-et-provence", "Alain COURAZIER", "Directeur général"),
    ("cooperation-et-famille", "Pascal FRIQUET", "Directeur Patrimoine (LFV)"),
    ("logirem", "Jean-Michel BRETHERS", "Responsable d'agence"),
    ("logirem", "André PADILLA", "Dir. Adj. Production"),
    ("opac-sud", "Robert VARRET", "Directeur RU"),
    ("opac-sud", "Houria VILLA", "Chargé de mission RU"),
    ("phoceenne-habitation", "Pascal CREMER", "Responsable DSU"),
    ("arhlm-paca-corse", "Philippe OLIVIERO", "Directeur ARHLM"),
    ("arhlm-paca-corse", "Alain PREVOST", "Expert USH"),
    ("cdc", "Nelly GOSSE", "Chargé d'affaire"),
]

BIMONTHLY = "Se réunit en tant que de besoin et au moins une fois tous les deux mois."


def seat(committee, orgs, slug, *, full_name="", position="", role=MemberRole.MEMBER, user=None):
    return upsert(
        CommitteeMember,
        {"committee": committee, "organisation": orgs[slug], "full_name": full_name},
        {"position": position, "role": role, "user": user},
    )


def load(charter, **kwargs) -> None:
    orgs = {o.slug: o for o in Organisation.objects.all()}
    users = {u.username: u for u in User.objects.filter(username__in=["coordination", "comite"])}

    steering = upsert(
        Committee,
        {"charter": charter, "kind": CommitteeKind.STEERING},
        {
            "name": "Comité de pilotage du PRU élargi à la GUSP",
            "chairs": "Coprésidé par Monsieur le Préfet et Monsieur le Maire (ou leurs représentants respectifs)",
            "rule": "Se réunit au moins deux fois par an pour la GUSP ; peut modifier les orientations et le plan "
            "d'actions et prescrire des avenants.",
            "min_meetings_per_year": 2,
        },
    )
    for slug in SIGNATORY_ORGS:
        role = MemberRole.CHAIR if slug in {"etat", "ville-vitrolles"} else MemberRole.MEMBER
        position = {"etat": "Préfet ou son représentant", "ville-vitrolles": "Maire ou son représentant"}
        user = users.get("comite") if slug == "region-paca" else None
        seat(
            steering,
            orgs,
            slug,
            position=position.get(slug, "Représentant(e) du signataire"),
            role=role,
            user=user,
        )
    seat(
        steering,
        orgs,
        "ville-vitrolles",
        full_name="Chef de projet du CUCS",
        position="Rapporteur du comité de pilotage de la GUSP",
        role=MemberRole.RAPPORTEUR,
    )
    seat(
        steering,
        orgs,
        "ville-vitrolles",
        full_name="Chargé(e) de mission GUSP",
        position="Chargé(e) de mission GUSP",
        user=users.get("coordination"),
    )

    working_groups = {}
    technical = upsert(
        Committee,
        {"charter": charter, "kind": CommitteeKind.TECHNICAL},
        {
            "name": "Comité technique GUSP",
            "chairs": "Animé par le chef de projet du CUCS et le chargé de mission GUSP",
            "rule": "Un référent par institution ; " + BIMONTHLY.lower(),
            "max_months_between_meetings": 2,
        },
    )
    for slug in TECHNICAL_ORGS:
        user = users.get("comite") if slug == "region-paca" else None
        seat(technical, orgs, slug, position="Référent(e) désigné(e)", user=user)
    seat(
        technical,
        orgs,
        "ville-vitrolles",
        full_name="Chargé(e) de mission GUSP",
        position="Coordination technique générale",
        role=MemberRole.ANIMATOR,
        user=users.get("coordination"),
    )

    for theme in charter.themes.all():
        working_groups[theme.code] = upsert(
            Committee,
            {"charter": charter, "kind": CommitteeKind.WORKING_GROUP, "theme": theme},
            {
                "name": f"Groupe de travail {theme.code} — {theme.title}",
                "chairs": "Animé par un membre du comité technique, rapporteur au comité technique",
                "rule": BIMONTHLY,
                "max_months_between_meetings": 2,
            },
        )

    body = upsert(
        Committee,
        {"charter": charter, "kind": CommitteeKind.LANDLORDS_BODY},
        {
            "name": "Instance de concertation des bailleurs sociaux",
            "chairs": "Bilans réguliers proposés par le chef de projet du CUCS",
            "rule": "Lieu privilégié de débat et d'évaluation des actions de la GUSP avec les acteurs de terrain ; "
            "peut être élargie à une représentation des habitants.",
        },
    )
    for slug, full_name, position in LANDLORDS_BODY:
        seat(body, orgs, slug, full_name=full_name, position=position)

    public = upsert(
        Committee,
        {"charter": charter, "kind": CommitteeKind.PUBLIC_MEETING},
        {
            "name": "Réunions publiques au Romarin",
            "rule": "Organisation périodique de réunions publiques pour l'évaluation globale et partagée par les "
            "habitants.",
            "venue": "Le Romarin, Vitrolles",
        },
    )

    seat(
        working_groups["A"],
        orgs,
        "region-paca",
        position="Référente au comité technique (exemple de démonstration)",
        role=MemberRole.RAPPORTEUR,
        user=users.get("comite"),
    )
    load_meetings(charter, steering, technical, working_groups["A"], public)


def at(day: dt.date, hour: int, minutes: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minutes), tzinfo=PARIS)


def meeting(committee, day: dt.date, start: int, end: int, place: str, *, subject="", status, sequence=0):
    return upsert(
        Meeting,
        {"committee": committee, "starts_at": at(day, start)},
        {"ends_at": at(day, end), "place": place, "subject": subject, "status": status, "sequence": sequence},
    )


def agenda(meeting_, titles, sheets) -> None:
    for order, (title, sheet_number) in enumerate(titles, start=1):
        upsert(
            AgendaItem,
            {"meeting": meeting_, "order": order},
            {"title": title, "sheet": sheets.get(sheet_number)},
        )


def load_meetings(charter, steering, technical, working_group, public) -> None:
    sheets = {sheet.number: sheet for sheet in ProjectSheet.objects.filter(charter=charter)}
    held, cancelled = MeetingStatus.HELD, MeetingStatus.CANCELLED

    first_steering = meeting(
        steering, dt.date(2007, 3, 27), 10, 12, TOWN_HALL, subject="Lancement de la charte", status=held
    )
    agenda(
        first_steering,
        [
            ("Installation du comité de pilotage élargi à la GUSP", None),
            ("Programme d'actions 2007 : propreté des parties communes", 1),
            ("Démarche de prévention situationnelle et diagnostics en marchant", 8),
        ],
        sheets,
    )
    for seat_ in steering.members.filter(role=MemberRole.CHAIR):
        upsert(Attendance, {"meeting": first_steering, "member": seat_}, {"status": AttendanceStatus.PRESENT})
    for seat_ in steering.members.filter(organisation__slug="cg13"):
        upsert(Attendance, {"meeting": first_steering, "member": seat_}, {"status": AttendanceStatus.EXCUSED})
    upsert(
        Minutes,
        {"meeting": first_steering},
        {
            "text": "Le comité de pilotage du PRU, élargi à la GUSP, installe la démarche sur les quatre quartiers "
            "prioritaires.\n\nLe chargé de mission GUSP présente le programme d'actions 2007 et le calendrier "
            "des comités techniques (deuxième mardi des mois impairs).\n\nLe comité valide la mise en place "
            "des diagnostics en marchant tous les deux mois par secteur."
        },
    )
    decision = upsert(
        Decision,
        {"meeting": first_steering, "order": 1},
        {"text": "Le programme d'actions 2007 est validé ; la fiche n°1 est engagée en priorité."},
    )
    if sheets.get(1) and not decision.sheets.filter(pk=sheets[1].pk).exists():
        decision.sheets.add(sheets[1])
    meeting(
        steering, dt.date(2007, 11, 27), 10, 12, TOWN_HALL, subject="Bilan de la première année", status=held
    )

    plan = year_plan(
        year=2007,
        months=[1, 3, 5, 7, 9, 11],
        weekday=1,
        position=2,
        period_start=charter.starts_on,
        period_end=charter.current_end,
    )
    for day in plan.dates:
        if day == dt.date(2007, 9, 11):
            meeting(technical, day, 14, 16, TOWN_HALL, status=cancelled, sequence=1)
        else:
            meeting(technical, day, 14, 16, TOWN_HALL, status=held)

    wg_meeting = meeting(
        working_group,
        dt.date(2007, 2, 6),
        9,
        11,
        TOWN_HALL,
        subject="Propreté des parties communes",
        status=held,
    )
    agenda(wg_meeting, [("Diagnostic des organisations et des locaux, par bailleur", 1)], sheets)

    romarin = meeting(
        public, dt.date(2007, 6, 14), 18, 20, ROMARIN, subject="La propreté dans les quartiers", status=held
    )
    agenda(
        romarin, [("Présentation de la démarche GUSP", None), ("Échanges avec les habitants", None)], sheets
    )
    upsert(
        Minutes,
        {"meeting": romarin},
        {
            "text": "Une cinquantaine d'habitants et plusieurs associations ont participé à la réunion.\n\n"
            "Les échanges ont porté sur la propreté des parties communes, les encombrants et l'éclairage.",
            "published_at": at(dt.date(2007, 6, 21), 9),
        },
    )
