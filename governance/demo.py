"""Section VI and Annex IV of the Vitrolles charter: the steering and animation bodies."""

from charter.demo import upsert
from charter.models import Organisation, User

from .models import Committee, CommitteeKind, CommitteeMember, MemberRole

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
        upsert(
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

    upsert(
        Committee,
        {"charter": charter, "kind": CommitteeKind.PUBLIC_MEETING},
        {
            "name": "Réunions publiques au Romarin",
            "rule": "Organisation périodique de réunions publiques pour l'évaluation globale et partagée par les "
            "habitants.",
            "venue": "Le Romarin, Vitrolles",
        },
    )
