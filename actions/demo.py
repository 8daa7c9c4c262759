"""Annex V of the Vitrolles charter: the provisional list of the 23 project sheets, under their themes.
The three worked sheets of Annex VI are filled in completely with the project-sheets issue."""

from charter.demo import AMENAGEMENTS, HYGIENE, upsert

from .models import ProjectSheet

# number, theme code, sub-theme title (or None), title
SHEETS = [
    (1, "A", HYGIENE, "Amélioration de la propreté et de l'entretien des parties communes des immeubles"),
    (
        2,
        "A",
        HYGIENE,
        "Amélioration de la propreté et de l'entretien courant des espaces extérieurs "
        "(intégrant les phases travaux)",
    ),
    (3, "A", HYGIENE, "Accompagnement de la mise en place de la collecte sélective"),
    (4, "A", HYGIENE, "Amélioration du traitement des encombrants"),
    (5, "A", HYGIENE, "Hygiène : gestion coordonnée des opérations de désinsectisation et de dératisation"),
    (6, "A", HYGIENE, "Amélioration de la sécurité des équipements techniques"),
    (
        7,
        "A",
        AMENAGEMENTS,
        "Mise en place d'une démarche de programmation des aménagements des espaces "
        "extérieurs et des équipements de proximité pour le PRU",
    ),
    (
        8,
        "B",
        None,
        "Sécurisation passive : traitement des unités résidentielles (résidentialisation), "
        "amélioration éclairage, appropriation des espaces par les habitants, aires de jeux et de "
        "détente, amélioration du stationnement, sécurisation des voies (« rodéos »)",
    ),
    (
        9,
        "B",
        None,
        "Sécurisation des bâtiments (contrôles d'accès, vidéosurveillance, sécurité des équipements "
        "techniques, locaux communs/caves)",
    ),
    (10, "B", None, "Traitement des véhicules en stationnement abusif"),
    (11, "B", None, "Dispositif de signalement et de traitement en temps réel des infractions pénales"),
    (
        12,
        "B",
        None,
        "Accompagnement et qualification des agents de proximité (bailleurs, police), guide local "
        "sécurité/tranquillité",
    ),
    (
        13,
        "B",
        None,
        "Réorganisation de la présence de la police sur le terrain (police de proximité par secteurs)",
    ),
    (
        14,
        "B",
        None,
        "Développement des fonctions de médiation sociale, de régulation et de gestion des "
        "conflits de voisinage",
    ),
    (
        15,
        "C",
        None,
        "Mise en place d'un dispositif commun de gestion de l'offre et de la demande de locaux "
        "associatifs, et des locaux d'activités de proximité",
    ),
    (
        16,
        "C",
        None,
        "Mise en place d'un espace ressources de proximité (atelier urbain d'information) support "
        "d'information, de concertation et de coproduction d'actions avec les habitants et les "
        "acteurs de terrain, favorisant le PRU et la requalification dans son ensemble du quartier",
    ),
    (
        17,
        "C",
        None,
        "Développement de la communication sur le quartier : permanence d'information et "
        "d'échanges sur le PRU, système (informatisé) d'information accessible aux habitants et "
        "acteurs de terrain, supports écrits (journal de quartier, plaquettes de présentation des "
        "projets et des actions)",
    ),
    (18, "C", None, "Création d'un équipement socioculturel structurant sur le quartier des Pins"),
    (19, "C", None, "Coproduction de règles de vie communes (chartes de résidence ou de quartier...)"),
    (
        20,
        "D",
        None,
        "Accompagnement social des publics en difficulté ou à risque (prévention, éducation "
        "spécialisée, accompagnement social)",
    ),
    (
        21,
        "D",
        None,
        "Dispositif de gestion concertée de l'attribution des logements (mixité sociale, équilibre "
        "social des résidences, intégrant les objectifs du renouvellement urbain)",
    ),
    (22, "D", None, "Commission de prévention des situations d'impayés et de surendettement"),
    (23, "D", None, "Commission de réflexion sur la réduction des charges locatives"),
]


def load(charter, **kwargs) -> None:
    themes = {theme.code: theme for theme in charter.themes.prefetch_related("sub_themes")}
    for number, code, sub_title, title in SHEETS:
        theme = themes[code]
        sub_theme = next((s for s in theme.sub_themes.all() if s.title == sub_title), None)
        upsert(
            ProjectSheet,
            {"charter": charter, "number": number},
            {"title": title, "theme": theme, "sub_theme": sub_theme},
        )
