"""The Vitrolles GUSP charter (2007–2009) as data, transcribed from the signed document.

Names of signing officials and of the partners' correspondents are public acts and kept; the
correspondents' telephone numbers and e-mail addresses are deliberately not shipped.
Loading is idempotent: a record is written only when it is missing or differs.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from . import services
from .models import (
    Charter,
    CharterReference,
    Correspondent,
    Organisation,
    Orientation,
    Residence,
    Role,
    Signature,
    SubTheme,
    Territory,
    TerritoryFigure,
    Theme,
)
from .perms import grant_coordination, grant_landlord_residence

CHARTER_SLUG = "vitrolles-2007"
SOURCE_ANNEX_2 = "Charte GUSP de Vitrolles 2007-2009, annexe 2"
ANNEX_2_YEAR = 2006  # the charter does not date its figures; 2006 is the year it was drawn up

# slug, name, short name, kind
ORGANISATIONS = [
    ("etat", "État — Préfecture des Bouches-du-Rhône", "État", "state"),
    ("region-paca", "Conseil Régional Provence-Alpes-Côte d'Azur", "Conseil Régional", "region"),
    ("cg13", "Conseil Général des Bouches-du-Rhône", "Conseil Général", "department"),
    ("cpa", "Communauté d'Agglomération du Pays d'Aix", "CPA", "intercommunality"),
    ("ville-vitrolles", "Ville de Vitrolles", "Ville de Vitrolles", "commune"),
    ("opac-sud", "OPAC Sud", "OPAC Sud", "landlord"),
    ("logis-mediterranee", "SA d'HLM Logis Méditerranée", "Logis Méditerranée", "landlord"),
    ("famille-et-provence", "SA d'HLM Famille et Provence", "Famille et Provence", "landlord"),
    ("logirem", "SA d'HLM LOGIREM", "LOGIREM", "landlord"),
    ("sud-habitat", "SA d'HLM Sud Habitat", "Sud Habitat", "landlord"),
    ("arhlm-paca-corse", "Association Régionale HLM PACA & Corse", "AR HLM PACA & Corse", "hlm_association"),
    ("hmp", "SA Habitat Marseille Provence", "HMP", "landlord"),
    (
        "phoceenne-habitation",
        "SA d'HLM Phocéenne d'Habitation & DOMICIL",
        "Phocéenne d'Habitation",
        "landlord",
    ),
    (
        "cooperation-et-famille",
        "Coopération et Famille (Logis familial Varois)",
        "Coopération et Famille",
        "landlord",
    ),
    ("erilia", "Erilia", "Erilia", "landlord"),
    ("nouveau-logis-provencal", "Nouveau Logis Provençal", "Nouveau Logis Provençal", "landlord"),
    ("cdc", "Caisse des Dépôts et Consignations", "CDC", "cdc"),
    ("police-nationale", "Police Nationale", "Police Nationale", "police"),
]

# The 13 signatories, in the charter's order (section II), with the titles of the "Signatures" page.
SIGNATURES = [
    (
        "etat",
        "Pierre N'GAHANE",
        "Préfet délégué pour l'Égalité des Chances, Délégué adjoint à l'Agence "
        "Nationale pour la Cohésion Sociale & l'Égalité des chances",
    ),
    ("region-paca", "Michel VAUZELLE", "Député des Bouches-du-Rhône, Président du Conseil Régional"),
    ("cg13", "Jean-Noël GUERINI", "Sénateur des Bouches-du-Rhône, Président du Conseil Général"),
    (
        "cpa",
        "Maryse JOISSAINS-MASINI",
        "Député des Bouches-du-Rhône, Président de la Communauté d'Agglomération du Pays d'Aix",
    ),
    (
        "ville-vitrolles",
        "Guy OBINO",
        "Maire de Vitrolles, Conseiller Général des Bouches-du-Rhône, "
        "Vice-Président de la Communauté d'Agglomération du Pays d'Aix",
    ),
    ("opac-sud", "Jean BONAT", "Président"),
    ("logis-mediterranee", "Pascal FRIQUET", "Président du Directoire"),
    ("famille-et-provence", "Alain COURAZIER", "Directeur"),
    ("logirem", "Jean-Marc PINET", "Président du Directoire"),
    ("sud-habitat", "Pierre FORESTIER", "Directeur Général"),
    ("arhlm-paca-corse", "Bernard OLIVER", "Président"),
    ("hmp", "Nicole L'HERNAULT", "Directrice Générale"),
    ("phoceenne-habitation", "Stéphane BONNOIS", "Directeur Général"),
]

# Associated partners that did not sign (Annex 3, Annex 4, technical committee).
OTHER_PARTNERS = ["cooperation-et-famille", "erilia", "nouveau-logis-provencal", "cdc", "police-nationale"]

REFERENCES = [
    ("Convention Territoriale d'Objectifs", "signée en janvier 2004"),
    (
        "Atelier Santé Ville",
        "créé en décembre 2004, diagnostic santé de novembre 2005 et Plan Local de Santé (juillet 2006)",
    ),
    ("Contrat Local de Sécurité", "signé en mars 2006"),
    ("Contrat Éducatif Local et Contrat Temps libre", "2003-2006"),
    (
        "Projet de Renouveau Urbain du quartier des Pins",
        "examiné en RTP le 25 septembre 2006, en cours de finalisation pour conventionnement avec l'ANRU",
    ),
    ("Contrat Urbain de Cohésion Sociale", ""),
]

# slug, name, phase, description
TERRITORIES = [
    (
        "les-pins",
        "Les Pins et Domaine des Pins",
        1,
        "Quartier du Projet de Renouvellement Urbain (PRU des Pins), restructurations urbaines internes.",
    ),
    ("les-hermes", "Les Hermes", 1, ""),
    ("la-petite-garrigue", "La Petite Garrigue", 1, ""),
    ("le-liourat", "Le Liourat", 1, ""),
    ("la-frescoule", "La Frescoule", 2, "Partie sud de la commune, deuxième phase de la démarche."),
    ("la-tuiliere", "La Tuilière", 2, "Partie sud de la commune, deuxième phase de la démarche."),
]

# Annex 2, as printed (the Petite Garrigue figure is given in dwellings; the Hermes unemployment
# rate is missing from the document).
FIGURES = {
    "les-pins": {"population": "3401", "under_25": "42", "no_diploma": "41.11", "unemployment": "40.5"},
    "la-petite-garrigue": {
        "dwellings": "1829",
        "under_25": "33.6",
        "no_diploma": "24.4",
        "unemployment": "24.7",
    },
    "le-liourat": {"population": "1687", "under_25": "50.28", "no_diploma": "22", "unemployment": "26.63"},
    "les-hermes": {"population": "2378", "under_25": "36.80", "no_diploma": "17.42"},
}

# Annex 3: landlord, residence, territory, dwellings.
RESIDENCES = [
    ("cooperation-et-famille", "Les Hermes", "les-hermes", 191),
    ("cooperation-et-famille", "Le Domaine des Pins", "les-pins", 81),
    ("cooperation-et-famille", "Le Liourat", "le-liourat", 246),
    ("famille-et-provence", "Les Pins", "les-pins", 124),
    ("logirem", "Les Pins", "les-pins", 206),
    ("opac-sud", "Les Pins", "les-pins", 875),
    ("phoceenne-habitation", "Le Liourat", "le-liourat", 97),
    ("phoceenne-habitation", "La Petite Garrigue", "la-petite-garrigue", 373),
]

# Annex 3: directors and GUSP correspondents (names and functions only).
CORRESPONDENTS = [
    ("cooperation-et-famille", "Christian RAULIC", "Directeur", True),
    ("cooperation-et-famille", "Pascal FRIQUET", "Directeur Patrimoine (LFV)", False),
    ("famille-et-provence", "Alain COURAZIER", "Directeur", True),
    ("famille-et-provence", "M. De SARREAU", "Directeur Adjoint", False),
    ("famille-et-provence", "Philippe COUDURIER", "Directeur Gestion commerciale et clientèle", False),
    ("logirem", "Henri PINET", "Directeur", True),
    ("logirem", "Jean-Michel BRETHERS", "Responsable d'agence", False),
    ("logirem", "Dominique GEORGET", "Chef d'antenne", False),
    ("logirem", "André PADILLA", "Chargé de mission PRU", False),
    ("opac-sud", "Jean-Michel GUENOD", "Directeur", True),
    ("opac-sud", "Muriel QUENIN", "Responsable d'agence", False),
    ("opac-sud", "Houria VILLA", "Chargée de mission RU", False),
    ("phoceenne-habitation", "Stéphane BONNOIS", "Directeur Général", True),
    ("phoceenne-habitation", "Pascal CREMER", "Responsable DSU", False),
    ("erilia", "Michel DEJOUX", "Directeur", True),
    ("hmp", "Nicole L'HERNAULT", "Directrice Générale", True),
    ("sud-habitat", "Pierre FORESTIER", "Directeur", True),
    ("nouveau-logis-provencal", "Jean-Yves LOREAU", "Directeur", True),
]

HYGIENE = "L'hygiène, la propreté et l'entretien/maintenance"
AMENAGEMENTS = "Les aménagements et les services de proximité"

# Section III themes and section IV operational orientations: code, title, sub-themes, orientations
# (sub-theme title or None, text).
THEMES = [
    (
        "A",
        "L'amélioration du cadre de vie",
        [HYGIENE, AMENAGEMENTS],
        [
            (HYGIENE, "Amélioration de la propreté et de l'entretien des parties communes des immeubles"),
            (
                HYGIENE,
                "Amélioration/coordination des actions (qui fait quoi, quand et comment) concernant la "
                "propreté et l'entretien courant des espaces extérieurs et équipements de proximité "
                "(ordures ménagères, nettoyage, tonte, débroussaillage, entretien mobilier urbain, "
                "éclairage public)",
            ),
            (
                HYGIENE,
                "Accompagnement de la mise en place de la collecte sélective (aménagements concertés, "
                "information sensibilisation des habitants, contrôle de l'évolution et d'efficacité)",
            ),
            (HYGIENE, "Amélioration du traitement des encombrants"),
            (
                HYGIENE,
                "Organisation de la désinsectisation, dératisation coordonnée des immeubles d'habitation, "
                "équipements publics et commerciaux et des espaces et réseaux collectifs",
            ),
            (
                HYGIENE,
                "Instauration par quartier de moyens de diagnostics, de suivi de la qualité de la propreté "
                "et de l'entretien – maintenance (parties communes des immeubles, espaces extérieurs "
                "collectifs privés ou publics)",
            ),
            (
                HYGIENE,
                "Réflexion concertée sur des aménagements (de détail) de nature à faciliter la propreté et "
                "l'entretien maintenance, et la rénovation d'espaces dégradés",
            ),
            (
                HYGIENE,
                "Mise en place de moyens d'information, de concertation, de coproduction d'actions avec les "
                "habitants, afin de mieux tenir compte de leurs attentes, et motiver les comportements "
                "civiques",
            ),
            (
                HYGIENE,
                "Aide à la structuration d'initiatives collectives ou de travaux dans lesquels les "
                "habitants, les enfants, seraient partie prenante",
            ),
            (
                HYGIENE,
                "Qualification des intervenants, formation/action inter organisme favorisant la dynamique "
                "de groupe et la cohérence dans les organisations",
            ),
            (
                AMENAGEMENTS,
                "Conception des aménagements des espaces collectifs privés des unités résidentielles "
                "(résidentialisation, stationnement, aires de jeux et de détente, sécurisation...) dans "
                "le cadre du PRU, mais aussi des autres résidences, clarification des "
                "domanialités/fonctionnalités/usages",
            ),
            (
                AMENAGEMENTS,
                "Travaux d'amélioration de la qualité de service et de la sécurité dans les parties "
                "communes des immeubles",
            ),
            (
                AMENAGEMENTS,
                "Mise en valeur, sécurisation, accessibilité, signalisation des pôles de commerces et "
                "activités de services de proximité",
            ),
            (
                AMENAGEMENTS,
                "Coordination des moyens de mise en adéquation de l'offre et de la demande de locaux de "
                "proximité entre les différents propriétaires du quartier (analyse de la demande, "
                "production d'une offre adaptée)",
            ),
        ],
    ),
    (
        "B",
        "La prévention, la sécurité et la tranquillité",
        [],
        [
            (
                None,
                "Sécurité passive : réalisation d'aménagements ou d'équipements réduisant les risques "
                "d'insécurité et les dégradations (équipements et protection anti-vandalisme, contrôles des "
                "accès, vidéosurveillance, éclairage, régulation des circulations et des accès des "
                "véhicules...)",
            ),
            (None, "Enlèvement des véhicules en stationnement abusif ou en épave"),
            (
                None,
                "Renforcement de la présence de la police sur le terrain (police de proximité par secteurs)",
            ),
            (
                None,
                "Définition et mise en place de procédures et d'outils partagés visant une meilleure "
                "connaissance des situations et des faits, un meilleur signalement, un traitement et un suivi "
                "en temps réel (guide local sécurité), cellules de veille",
            ),
            (
                None,
                "Mise en place ou renforcement des moyens d'accompagnement adaptés et de prévention en terme "
                "d'éducation spécialisée, d'accompagnement social, d'animation de quartier, d'actions "
                "éducatives auprès des jeunes (chantiers jeunes, stages d'éducation à la citoyenneté...)",
            ),
            (
                None,
                "Développement des fonctions de médiation sociale et de régulation, de gestion des conflits et "
                "des troubles de voisinage, coproduction de règles de vie communes",
            ),
            (
                None,
                "Développement de dispositifs d'accompagnement et de soutien des personnels de proximité "
                "exposés",
            ),
            (
                None,
                "Qualification des intervenants (police municipale, personnel de proximité des bailleurs)",
            ),
        ],
    ),
    (
        "C",
        "La vie sociale, la participation des habitants, le partenariat",
        [],
        [
            (
                None,
                "Développement de moyens de communication et d'échange de proximité, création de l'atelier "
                "urbain d'information, journal du quartier, plaquettes de présentation des projets, numéro "
                "vert",
            ),
            (
                None,
                "Dispositif de suivi et d'évaluation permanent de l'évolution des projets et des actions, "
                "associant acteurs de terrain et des habitants (ou leurs représentants), diagnostics en "
                "marchant périodiques, mise en place d'un système d'information cartographié",
            ),
            (
                None,
                "Évaluation partagée de la qualité du service rendu aux habitants du quartier (enquêtes "
                "communes périodiques)",
            ),
            (
                None,
                "Mise en adéquation (dans la durée, en tenant compte des restructurations et des démolitions) "
                "de la demande et de l'offre en locaux associatifs (inventaire des besoins, et des "
                "possibilités, planification des adaptations techniques nécessaires, commission consultative "
                "partenariale d'affectation des locaux)",
            ),
            (
                None,
                "Implication des habitants dans la conception des projets et la mise en œuvre des actions (en "
                "lien avec les structures associatives, éducatives de proximité), élaboration de règles de vie "
                "communes, traduction en règlements de résidence, chartes de voisinages, documents "
                "descriptifs et prescriptifs par actions...",
            ),
            (
                None,
                "Sollicitation d'initiatives de la part des habitants ou de leurs regroupements, associations "
                "de locataires... (Fonds de participation habitants, appel à projet dans le cadre du CUCS), "
                "qualification des acteurs associatifs",
            ),
            (None, "Création d'un équipement socioculturel structurant sur le quartier des Pins"),
        ],
    ),
    (
        "D",
        "La gestion sociale et l'accompagnement social adaptés",
        [],
        [
            (None, "Accompagnement social des familles en difficulté ou difficiles"),
            (
                None,
                "Lutte contre les situations d'impayés, et de surendettement (commission de prévention des "
                "impayés tenant compte du nouveau règlement du FSL)",
            ),
            (
                None,
                "Connaissance et maîtrise du peuplement, intégrant les objectifs de mixité sociale de "
                "renouvellement urbain",
            ),
        ],
    ),
]

# username, organisation, role, first name, last name, position
DEMO_ACCOUNTS = [
    (
        "coordination",
        "ville-vitrolles",
        Role.COORDINATOR,
        "Claire",
        "Coordination",
        "Chargée de mission GUSP",
    ),
    ("opac-sud", "opac-sud", Role.REFERENT, "Olivier", "Référent OPAC", "Correspondant GUSP"),
    ("logirem", "logirem", Role.REFERENT, "Léa", "Référente LOGIREM", "Correspondante GUSP"),
    (
        "comite",
        "region-paca",
        Role.COMMITTEE_MEMBER,
        "Camille",
        "Membre du comité",
        "Représentante au comité de pilotage",
    ),
]


def upsert(model, lookup: dict, values: dict):
    """Get the object matching `lookup`; create it, or update it only if a value differs."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
    return obj


def load_organisations() -> dict[str, Organisation]:
    organisations = {}
    for slug, name, short_name, kind in ORGANISATIONS:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            organisation = services.create_organisation(
                name=name, short_name=short_name, kind=kind, slug=slug
            )
        else:
            organisation = upsert(
                Organisation, {"slug": slug}, {"name": name, "short_name": short_name, "kind": kind}
            )
        organisations[slug] = organisation
    return organisations


def load_charter() -> Charter:
    values = {
        "title": "Charte de Gestion Urbaine et Sociale de Proximité",
        "commune": "Vitrolles",
        "starts_on": dt.date(2007, 1, 1),
        "ends_on": dt.date(2009, 12, 31),
        "extension_rule": "Conclue pour les années 2007 à 2009, première échéance du CUCS. Prolongeable par "
        "avenant pour une période de 3 ans (modalités de reconduction du CUCS) ; à défaut, "
        "poursuite possible en tant qu'action d'accompagnement du projet de renouvellement "
        "urbain (échéancier prévisionnel 2007-2012).",
        "summary": "La charte détermine les orientations poursuivies, les engagements des signataires, le mode "
        "de pilotage, les moyens techniques de coordination et de suivi des actions, les modes de "
        "participation des habitants et la durée de la charte. Elle concerne dans un premier temps "
        "les quartiers des Pins (et du Domaine des Pins), des Hermes, de la Petite Garrigue et du "
        "Liourat, puis la Frescoule et la Tuilière, pour être enfin généralisée à l'ensemble des "
        "quartiers d'habitat social de la ville.",
        "is_published": True,
    }
    charter = Charter.objects.filter(slug=CHARTER_SLUG).first()
    if charter is None:
        return services.create_charter(slug=CHARTER_SLUG, **values)
    charter = upsert(Charter, {"slug": CHARTER_SLUG}, values)
    grant_coordination(charter)
    return charter


@transaction.atomic
def load(*, password: str | None = None) -> Charter:
    organisations = load_organisations()
    charter = load_charter()

    for order, (slug, representative, title) in enumerate(SIGNATURES, start=1):
        upsert(
            Signature,
            {"charter": charter, "organisation": organisations[slug]},
            {"representative": representative, "representative_title": title, "order": order},
        )
        services.add_partner(charter=charter, organisation=organisations[slug], is_signatory=True)
    for slug in OTHER_PARTNERS:
        services.add_partner(charter=charter, organisation=organisations[slug])

    for order, (title, details) in enumerate(REFERENCES, start=1):
        upsert(CharterReference, {"charter": charter, "title": title}, {"details": details, "order": order})

    territories = {}
    for slug, name, phase, description in TERRITORIES:
        territories[slug] = upsert(
            Territory,
            {"charter": charter, "slug": slug},
            {"name": name, "phase": phase, "description": description, "is_published": True},
        )
    for slug, figures in FIGURES.items():
        for kind, value in figures.items():
            upsert(
                TerritoryFigure,
                {"territory": territories[slug], "kind": kind, "year": ANNEX_2_YEAR},
                {"value": Decimal(value), "source": SOURCE_ANNEX_2},
            )

    for landlord, name, territory, dwellings in RESIDENCES:
        residence = upsert(
            Residence,
            {"territory": territories[territory], "landlord": organisations[landlord], "name": name},
            {"dwellings": dwellings},
        )
        grant_landlord_residence(residence)

    for slug, full_name, position, is_director in CORRESPONDENTS:
        upsert(
            Correspondent,
            {"charter": charter, "organisation": organisations[slug], "full_name": full_name},
            {"position": position, "is_director": is_director},
        )

    for code, title, sub_titles, orientations in THEMES:
        theme = upsert(Theme, {"charter": charter, "code": code}, {"title": title})
        subs = {
            sub_title: upsert(SubTheme, {"theme": theme, "title": sub_title}, {"order": order})
            for order, sub_title in enumerate(sub_titles, start=1)
        }
        for order, (sub_title, text) in enumerate(orientations, start=1):
            upsert(
                Orientation,
                {"theme": theme, "order": order},
                {"text": text, "sub_theme": subs.get(sub_title)},
            )

    load_accounts(charter, organisations, password=password)
    return charter


def load_accounts(charter, organisations, *, password: str | None):
    for username, org_slug, role, first_name, last_name, position in DEMO_ACCOUNTS:
        services.create_account(
            username=username,
            organisation=organisations[org_slug],
            role=role,
            email=f"{username}@example.org",
            first_name=first_name,
            last_name=last_name,
            position=position,
            password=password,
            coordinated_charters=[charter],
        )
    admin = services.create_account(
        username="admin",
        organisation=organisations["ville-vitrolles"],
        role=Role.COORDINATOR,
        email="admin@example.org",
        first_name="Administration",
        position="Administrateur de la plateforme",
        password=password,
        coordinated_charters=[charter],
    )
    if not (admin.is_staff and admin.is_superuser):
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
