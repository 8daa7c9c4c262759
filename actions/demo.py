"""Annex V of the Vitrolles charter (the 23 project sheets under their themes) and Annex VI (the three
worked sheets, filled in field by field). Annex VI's unnumbered "démarche de prévention situationnelle"
is filed under sheet 8, the passive-security sheet of the list that it develops.

The actions, journal entries and indicator measurements loaded after the sheets are demonstration
data, not part of the charter: they are marked as such."""

import datetime as dt
from decimal import Decimal

from charter.demo import AMENAGEMENTS, HYGIENE, upsert
from charter.models import Organisation, Residence, User

from .models import (
    Action,
    ActionStatus,
    Indicator,
    Intervention,
    Measurement,
    Milestone,
    ProjectSheet,
    SheetStatus,
)

# number, theme code, sub-theme title (or None), title
SHEETS = [
    (1, "A", HYGIENE, "Amélioration de la propreté et de l'entretien des parties communes des immeubles"),
    (2, "A", HYGIENE, "Amélioration de la propreté et de l'entretien courant des espaces extérieurs "
                      "(intégrant les phases travaux)"),
    (3, "A", HYGIENE, "Accompagnement de la mise en place de la collecte sélective"),
    (4, "A", HYGIENE, "Amélioration du traitement des encombrants"),
    (5, "A", HYGIENE, "Hygiène : gestion coordonnée des opérations de désinsectisation et de dératisation"),
    (6, "A", HYGIENE, "Amélioration de la sécurité des équipements techniques"),
    (7, "A", AMENAGEMENTS, "Mise en place d'une démarche de programmation des aménagements des espaces "
                           "extérieurs et des équipements de proximité pour le PRU"),
    (8, "B", None, "Sécurisation passive : traitement des unités résidentielles (résidentialisation), "
                   "amélioration éclairage, appropriation des espaces par les habitants, aires de jeux et de "
                   "détente, amélioration du stationnement, sécurisation des voies (« rodéos »)"),
    (9, "B", None, "Sécurisation des bâtiments (contrôles d'accès, vidéosurveillance, sécurité des équipements "
                   "techniques, locaux communs/caves)"),
    (10, "B", None, "Traitement des véhicules en stationnement abusif"),
    (11, "B", None, "Dispositif de signalement et de traitement en temps réel des infractions pénales"),
    (12, "B", None, "Accompagnement et qualification des agents de proximité (bailleurs, police), guide local "
                    "sécurité/tranquillité"),
    (13, "B", None, "Réorganisation de la présence de la police sur le terrain (police de proximité par "
                    "secteurs)"),
    (14, "B", None, "Développement des fonctions de médiation sociale, de régulation et de gestion des "
                    "conflits de voisinage"),
    (15, "C", None, "Mise en place d'un dispositif commun de gestion de l'offre et de la demande de locaux "
                    "associatifs, et des locaux d'activités de proximité"),
    (16, "C", None, "Mise en place d'un espace ressources de proximité (atelier urbain d'information) support "
                    "d'information, de concertation et de coproduction d'actions avec les habitants et les "
                    "acteurs de terrain, favorisant le PRU et la requalification dans son ensemble du quartier"),
    (17, "C", None, "Développement de la communication sur le quartier : permanence d'information et "
                    "d'échanges sur le PRU, système (informatisé) d'information accessible aux habitants et "
                    "acteurs de terrain, supports écrits (journal de quartier, plaquettes de présentation des "
                    "projets et des actions)"),
    (18, "C", None, "Création d'un équipement socioculturel structurant sur le quartier des Pins"),
    (19, "C", None, "Coproduction de règles de vie communes (chartes de résidence ou de quartier...)"),
    (20, "D", None, "Accompagnement social des publics en difficulté ou à risque (prévention, éducation "
                    "spécialisée, accompagnement social)"),
    (21, "D", None, "Dispositif de gestion concertée de l'attribution des logements (mixité sociale, équilibre "
                    "social des résidences, intégrant les objectifs du renouvellement urbain)"),
    (22, "D", None, "Commission de prévention des situations d'impayés et de surendettement"),
    (23, "D", None, "Commission de réflexion sur la réduction des charges locatives"),
]  # fmt: skip

ALL_QUARTERS = "Tous quartiers d'habitat social"
LANDLORDS_WITH_RESIDENCES = ["cooperation-et-famille", "famille-et-provence", "logirem", "opac-sud",
                             "phoceenne-habitation"]  # fmt: skip

# Annex VI, field by field. "lead" and "partners" are organisation slugs; the rest is the charter's text.
WORKED_SHEETS = {
    1: {
        "place_note": ALL_QUARTERS,
        "findings": (
            "Le niveau de propreté des parties communes des immeubles est inégal et d'une manière générale peu "
            "satisfaisant. C'est la première cause d'insatisfaction (avec la gestion des réclamations) signalée par "
            "les habitants lors des enquêtes de satisfaction conduites par les organismes. Les causes récurrentes "
            "sont les suivantes :\n"
            "- des prestations hétérogènes, mal définies, insuffisamment adaptées aux besoins et usages constatés "
            "(méconnus ou mal cernés) : cahiers des charges des prestations et contrats de nettoyage imprécis, "
            "répartition des tâches peu claires et mal respectées (entreprise, agents de l'organisme, locataires),\n"
            "- des problèmes de savoir-faire, de qualification, de motivation et de valorisation des personnels,\n"
            "- une inadaptation technique et une vétusté des locaux (revêtements inappropriés, dégradés, absence de "
            "contrôles d'accès, mauvaise accessibilité...), insuffisance d'équipements pour le personnel "
            "(aménagement de points d'eau, de locaux techniques),\n"
            "- un manque de contrôle dans la réalisation des prestations,\n"
            "- des comportements irrespectueux, des fréquentations intenses,\n"
            "- des contraintes de coût (charges locatives)."
        ),
        "expected_results": (
            "Améliorer la qualité globale de la propreté des parties communes, pour une meilleure qualité de "
            "service rendue et une meilleure image des bâtiments et des résidences, assurer un niveau de "
            "prestations minimal acceptable et homogène quels que soient les bâtiments et les résidences, à des "
            "coûts supportables pour les habitants, améliorer l'efficacité et l'homogénéité du service rendu par "
            "une réflexion et l'élaboration de processus et outils partagés inter bailleurs."
        ),
        "description": (
            "Diagnostic :\n"
            "- diagnostic détaillé par bailleur, résidence, cage d'escalier de l'état des parties communes, des "
            "tâches à accomplir (travaux nécessaires, équipements, nature et quantification des surfaces à "
            "traiter), définition d'un cahier des charges théorique de prestations (nettoyage, travaux, "
            "équipements),\n"
            "- description, analyse des prestations assurées (qui, quand, comment, coûts), analyse des écarts "
            "constatés/qualité,\n"
            "- concertation et négociation avec les habitants/usagers, sur l'adaptation des prestations de "
            "nettoyage et les travaux d'amélioration (rapport qualité/prix/charges récupérables),\n"
            "- inventaire des situations comportementales problématiques.\n"
            "Actions :\n"
            "- recadrage des interventions (sous-traitance/personnel bailleur/locataires, redéfinition des fiches "
            "de poste, protocoles de nettoyage, cahier des charges de résidence (déclinés à la cage d'escalier ou "
            "au bâtiment), renégociation des contrats,\n"
            "- programmation de travaux d'adaptation,\n"
            "- mise en place d'un protocole de contrôle permanent qualité commun, associant les habitants,\n"
            "- formation des agents aux techniques de propreté, et au contrôle des prestations (agents de "
            "nettoyage, responsables de gestion de secteur, gardiens),\n"
            "- mise en place d'actions spécifiques selon les besoins, actions pédagogiques de sensibilisation à la "
            "propreté, contrôle quotidien et régulation des comportements inciviques."
        ),
        "lead": None,
        "lead_note": (
            "Chaque bailleur sur son patrimoine, inter bailleur (coordination par un des bailleurs) pour les "
            "réflexions méthodologiques et diagnostic partagés (cahiers de charges, analyse des coûts), actions de "
            "formation."
        ),
        "partners": ["ville-vitrolles"],
        "partners_note": (
            "Entreprises prestataires, associations de locataires, habitants relais par cages d'escaliers, centre "
            "social, établissements scolaires, ville (dispositif opérationnel de gestion de la GUSP)."
        ),
        "schedule_note": "Action permanente.",
        "milestones": [
            (
                dt.date(2007, 3, 31),
                "Diagnostic des organisations et des locaux, concertation avec les habitants "
                "(fin 2006 / 1er trimestre 2007)",
            ),
            (
                dt.date(2007, 4, 1),
                "Mise en place des nouvelles organisations à compter du 2e trimestre 2007, à "
                "préciser par résidence, en fonction des échéances des contrats de nettoyage et "
                "des travaux d'amélioration",
            ),
            (dt.date(2007, 12, 31), "Actions de formation (2e semestre 2007)"),
        ],
        "means": (
            "- Prestation propreté : optimisation des moyens existants, renégociation des contrats avec "
            "répercussion minimale sur les charges, prise en charge de prestations de sur nettoyage ponctuel,\n"
            "- Travaux d'amélioration : à définir dans le détail pour chaque bailleur et par résidence, prise en "
            "charge de sur entretien ponctuel par le bailleur et la collectivité,\n"
            "- Assistance/ingénierie des bailleurs pour la réalisation des diagnostics et construction des outils,\n"
            "- Formation collective des agents inter bailleurs, sur fonds de formation employeurs, complément "
            "ingénierie de formation financée par la politique de la ville."
        ),
        "funding_sources": (
            "Bailleurs et collectivité (sur entretien ponctuel) ; fonds de formation employeurs ; politique de la "
            "ville (ingénierie de formation)."
        ),
        "evaluation": (
            "Constat de la propreté améliorée, enquêtes de satisfaction, mise en place de procédure de contrôle "
            "dans le cadre de la démarche qualité des organismes (contrôle permanent, application du protocole, "
            "tableau de bord propreté de suivi des réclamations), diagnostics en marchant bimestriels (suivi "
            "partenarial GUSP), tableaux de bord de suivi des travaux d'adaptation."
        ),
        "feasibility": "",
        "tools": "",
    },
    8: {
        "place_note": ALL_QUARTERS,
        "findings": (
            "Le Diagnostic Local de Sécurité a mis en exergue 3 phénomènes auxquels est plus particulièrement "
            "exposée la ville de Vitrolles :\n"
            "- nombre important de cambriolages (malgré une baisse significative en 2004) et d'atteintes aux "
            "véhicules,\n"
            "- importance des dégradations perpétrées sur le patrimoine public ou privé,\n"
            "- présence de conflits d'usage des espaces publics ou semi-privés,\n"
            "- nombre important de troubles de voisinage et comportements agressifs à l'égard des particuliers et "
            "des agents délégataires de service public.\n"
            "Parallèlement, la contribution des habitants à l'objectif général de tranquillité publique reste "
            "faible (peur des représailles, faible prise de conscience du caractère incivique de certains "
            "comportements...)."
        ),
        "expected_results": (
            "Intégrer au programme de Gestion Urbaine et Sociale de Proximité différentes actions de prévention "
            "situationnelle pouvant influencer sur le comportement général des riverains et le sentiment "
            "d'insécurité."
        ),
        "description": (
            "La démarche de prévention situationnelle. Définir, en concertation avec la ville et les 8 bailleurs "
            "sociaux présents sur le territoire de Vitrolles, un programme de prévention situationnelle "
            "privilégiant 4 axes d'intervention :\n"
            "1. L'intervention sur le bâti en vue d'éviter les conflits d'usage (assurer la visibilité, la "
            "lisibilité et la délimitation des espaces) et de renforcer la sécurité des accès aux lieux exposés.\n"
            "2. L'intervention sur l'ambiance générale des espaces en vue d'intégrer l'objectif de sécurité dans "
            "l'environnement paysagé.\n"
            "3. L'implication des usagers dans l'objectif général de tranquillité publique. La modification de "
            "comportements inciviques générateurs d'un sentiment d'insécurité et d'altération du cadre de vie.\n"
            "4. Mettre en place une équipe composée de représentants des bailleurs sociaux, des services "
            "municipaux et de la Police Nationale à laquelle sera confiée une démarche dite de « diagnostic en "
            "marchant » consistant à : procéder au relevé des dysfonctionnements ou infractions sur lesquels il "
            "est indispensable d'intervenir sur chacun des secteurs ; analyser la façon dont ces délits sont "
            "commis ou ces dysfonctionnements se produisent ; identifier le(s) axe(s) d'intervention à "
            "privilégier pour répondre à ces phénomènes et éviter leur itération (sur la base d'un tableau de bord "
            "pré-établi) ; élaborer un cahier des charges dit de « Prévention Situationnelle » en collaboration "
            "avec le chargé de mission Programme de Rénovation Urbaine ; vérifier la conformité des travaux tout "
            "au long de leur réalisation et au moment de leur réception.\n"
            "Parallèlement, un effort sera demandé aux bailleurs sociaux pour mettre à disposition des locaux de "
            "façon à dynamiser la vie associative et citoyenne locale."
        ),
        "lead": "ville-vitrolles",
        "lead_note": "",
        "partners": ["police-nationale", *LANDLORDS_WITH_RESIDENCES],
        "partners_note": (
            "Police Nationale, Police Municipale, autres services municipaux ayant un intérêt dans la démarche "
            "(services techniques par exemple), bailleurs sociaux, commerçants."
        ),
        "schedule_note": "2007 – 2008",
        "milestones": [
            (dt.date(2007, 1, 1), "Lancement du programme de prévention situationnelle (2007)"),
            (dt.date(2008, 12, 31), "Fin du programme (2008)"),
        ],
        "means": "",
        "funding_sources": "État, Commune, signataires de la CTO, bailleurs sociaux.",
        "evaluation": (
            "Évolution dans la fréquentation et l'occupation de certains espaces publics ; évolution du climat "
            "général dans l'habitat social ; meilleure utilisation de certains équipements (parkings souterrains "
            "...) ; évolution de l'état des parties communes et semi-privées (halls, cages d'escaliers, caves, "
            "ascenseurs ...) ; évolution des conflits d'usage ; évolution des atteintes aux espaces et équipements "
            "publics (tags, graffitis, petites dégradations ...)."
        ),
        "feasibility": "",
        "tools": "",
    },
    22: {
        "place_note": "Tous quartiers",
        "findings": (
            "Les services sociaux, la sous-préfecture, le service politique de la ville et le service logement "
            "ont constaté un grand nombre d'expulsions pour dettes locatives. Les droits de ces familles n'avaient "
            "pas toujours été ouverts et les situations ont empiré car non prises en charge à temps par les "
            "bailleurs et les services sociaux."
        ),
        "expected_results": (
            "1- éviter les impayés de loyers (maximum 2 mois) et charges et réduire l'endettement des locataires "
            "afin d'éviter ou de stopper la procédure d'expulsion\n"
            "2- prévenir les troubles de voisinage et les incivilités\n"
            "3- favoriser le respect des droits et devoirs de chaque partie\n"
            "4- renforcer les liens locataires / bailleurs / institutions"
        ),
        "description": (
            "1- Création et fonctionnement de la commission. Le service logement établit le secrétariat de la "
            "commission. Le bailleur informe le service logement par fax des commandements à payer émis pour le "
            "mois en cours. Le correspondant du bailleur établit une fiche de renseignements (composition "
            "familiale, ressources, historique de la dette et référent social si connu) qu'il présentera lors de "
            "la commission. Le service logement transmet la liste par fax à chaque intervenant qui effectue des "
            "recherches afin d'identifier le référent social. Lors de la commission chaque famille est prise en "
            "charge par un service social qui étudiera la situation lors d'un rendez-vous personnel afin d'agir "
            "sur les causes qui ont provoqué l'impayé. Lors de la commission du mois suivant, chaque service (y "
            "compris le bailleur) fait le point sur les familles rencontrées et les décisions prises pour réduire "
            "l'impayé.\n"
            "2- Création d'un livret d'accueil et mise en place d'un pot d'accueil des nouveaux locataires avec "
            "explications sur les droits et devoirs de chaque partie."
        ),
        "lead": "ville-vitrolles",
        "lead_note": "Service logement habitat de la Ville",
        "partners": LANDLORDS_WITH_RESIDENCES,
        "partners_note": (
            "CCAS : 1 travailleur social ; CAF : 1 travailleur social ; MDS : 1 travailleur social ; AVES : 1 "
            "travailleur social ; CPCAM : 1 travailleur social ; bailleurs sociaux : 1 correspondant par bailleur."
        ),
        "schedule_note": (
            "Selon les bailleurs et le nombre de commandements à payer, la commission de prévention des impayés "
            "se réunit une fois par mois à une fois par trimestre. Le pot d'accueil doit être fait une fois par "
            "trimestre maximum. Le livret d'accueil est remis systématiquement à chaque signature de bail."
        ),
        "milestones": [],
        "means": "Disponibilité des locaux, des travailleurs sociaux, secrétariat des commissions.",
        "funding_sources": "",
        "evaluation": (
            "Il est prévu un bilan des interventions faites par chaque service en fin d'année. Nombre de pots "
            "d'accueil et nombre de participants par rapport aux attributions de logement."
        ),
        "feasibility": (
            "Participation active des bailleurs : à motiver fréquemment tant sur le plan de la préparation que du "
            "suivi. Transmission d'informations entre bailleurs et services sociaux. Disponibilité des "
            "travailleurs sociaux."
        ),
        "tools": "",
    },
}

DEMO_NOTE = "Donnée de démonstration (ne figure pas dans la charte)."


def load(charter, **kwargs) -> None:
    themes = {theme.code: theme for theme in charter.themes.prefetch_related("sub_themes")}
    orgs = {o.slug: o for o in Organisation.objects.all()}
    sheets = {}
    for number, code, sub_title, title in SHEETS:
        theme = themes[code]
        sub_theme = next((s for s in theme.sub_themes.all() if s.title == sub_title), None)
        values = {"title": title, "theme": theme, "sub_theme": sub_theme}
        worked = WORKED_SHEETS.get(number)
        if worked:
            values |= {
                key: value for key, value in worked.items() if key not in {"lead", "partners", "milestones"}
            } | {
                "lead": orgs[worked["lead"]] if worked["lead"] else None,
                "all_territories": True,
                "status": SheetStatus.UNDER_WAY,
                "is_published": True,
            }
        sheet = upsert(ProjectSheet, {"charter": charter, "number": number}, values)
        if worked:
            wanted = {orgs[slug].pk for slug in worked["partners"]}
            if set(sheet.partners.values_list("pk", flat=True)) != wanted:
                sheet.partners.set(wanted)
            for due_on, label in worked["milestones"]:
                upsert(
                    Milestone,
                    {"sheet": sheet, "label": label},
                    {"due_on": due_on, "done": due_on.year < 2008},
                )
        sheets[number] = sheet
    load_action_examples(charter, sheets, orgs)


def load_action_examples(charter, sheets, orgs) -> None:
    """A few actions, journal entries and indicators to show the dashboards (demonstration data)."""
    pins = charter.territories.get(slug="les-pins")
    opac_pins = Residence.objects.get(territory=pins, landlord=orgs["opac-sud"])
    logirem_pins = Residence.objects.get(territory=pins, landlord=orgs["logirem"])

    complaints = upsert(Indicator, {"charter": charter, "name": "Réclamations liées à la propreté des parties communes"}, {
        "unit": "réclamations par trimestre", "direction": "lower", "target": Decimal(20),
        "description": "Tableau de bord propreté de suivi des réclamations (fiche n°1). " + DEMO_NOTE,
    })  # fmt: skip
    families = upsert(Indicator, {"charter": charter, "name": "Familles suivies par la commission des impayés"}, {
        "unit": "familles", "direction": "higher", "target": None,
        "description": "Bilan annuel des interventions (fiche n°22). " + DEMO_NOTE,
    })  # fmt: skip
    for day, value in [((2007, 3, 31), 48), ((2007, 6, 30), 41), ((2007, 9, 30), 33), ((2007, 12, 31), 27)]:
        upsert(Measurement, {"indicator": complaints, "territory": pins, "measured_on": dt.date(*day)},
               {"value": Decimal(value)})  # fmt: skip
    for day, value in [((2007, 3, 31), 12), ((2007, 6, 30), 18), ((2007, 9, 30), 25)]:
        upsert(Measurement, {"indicator": families, "territory": None, "measured_on": dt.date(*day)},
               {"value": Decimal(value)})  # fmt: skip

    examples = [
        (1, "Diagnostic détaillé des parties communes, OPAC Sud, Les Pins", "opac-sud", [], pins, [opac_pins],
         (2007, 1, 8), (2007, 3, 31), ActionStatus.FINISHED, 100, [complaints]),
        (1, "Renégociation du contrat de nettoyage, LOGIREM, Les Pins", "logirem", [], pins, [logirem_pins],
         (2007, 4, 1), (2007, 9, 30), ActionStatus.UNDER_WAY, 60, [complaints]),
        (1, "Formation inter-bailleurs des agents aux techniques de propreté", "opac-sud",
         ["logirem", "famille-et-provence"], None, [], (2007, 7, 1), (2007, 12, 31), ActionStatus.PLANNED, 0, []),
        (8, "Diagnostics en marchant bimestriels par secteur", "ville-vitrolles",
         ["police-nationale", "opac-sud", "logirem"], pins, [], (2007, 1, 15), (2008, 12, 31),
         ActionStatus.UNDER_WAY, 70, []),
        (22, "Réunions mensuelles de la commission de prévention des impayés", "ville-vitrolles",
         ["opac-sud", "logirem", "phoceenne-habitation"], None, [], (2007, 2, 1), (2009, 12, 31),
         ActionStatus.UNDER_WAY, 50, [families]),
    ]  # fmt: skip
    actions = {}
    for (
        number,
        title,
        lead,
        partners,
        territory,
        residences,
        start,
        due,
        status,
        progress,
        indicators,
    ) in examples:
        action = upsert(Action, {"sheet": sheets[number], "title": title}, {
            "lead": orgs[lead], "territory": territory, "starts_on": dt.date(*start), "due_on": dt.date(*due),
            "status": status, "progress": progress, "description": DEMO_NOTE,
        })  # fmt: skip
        for relation, wanted in [("partners", {orgs[s].pk for s in partners}),
                                 ("residences", {r.pk for r in residences}),
                                 ("indicators", {i.pk for i in indicators})]:  # fmt: skip
            manager = getattr(action, relation)
            if set(manager.values_list("pk", flat=True)) != wanted:
                manager.set(wanted)
        actions[title] = action

    referent = User.objects.filter(username="opac-sud").first()
    if referent is None:
        return
    diagnosis = actions["Diagnostic détaillé des parties communes, OPAC Sud, Les Pins"]
    for day, text, hours in [
        (
            (2007, 1, 22),
            "Relevé de l'état des parties communes, cages A à D : revêtements dégradés cage C.",
            6,
        ),
        (
            (2007, 2, 12),
            "Passage de l'entreprise de nettoyage, cage B : contrôle contradictoire avec le gardien.",
            2,
        ),
        (
            (2007, 3, 19),
            "Réunion de concertation avec l'association de locataires sur le cahier des charges.",
            3,
        ),
    ]:
        upsert(Intervention, {"action": diagnosis, "done_on": dt.date(*day), "text": text}, {
            "author": referent, "organisation": referent.organisation, "residence": opac_pins, "hours": Decimal(hours),
        })  # fmt: skip
