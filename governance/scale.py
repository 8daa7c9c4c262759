from charter.models import Organisation

from .models import Committee, CommitteeKind, CommitteeMember


def generate(charters, rng) -> None:
    for charter in charters:
        partners = list(Organisation.objects.filter(partnerships__charter=charter))
        committees = Committee.objects.bulk_create(
            [
                Committee(
                    charter=charter,
                    kind=CommitteeKind.STEERING,
                    name="Comité de pilotage",
                    min_meetings_per_year=2,
                ),
                Committee(
                    charter=charter,
                    kind=CommitteeKind.TECHNICAL,
                    name="Comité technique",
                    max_months_between_meetings=2,
                ),
                *[
                    Committee(
                        charter=charter,
                        kind=CommitteeKind.WORKING_GROUP,
                        theme=theme,
                        name=f"Groupe de travail {theme.code}",
                        max_months_between_meetings=2,
                    )
                    for theme in charter.themes.all()
                ],
                Committee(
                    charter=charter, kind=CommitteeKind.LANDLORDS_BODY, name="Instance de concertation"
                ),
                Committee(charter=charter, kind=CommitteeKind.PUBLIC_MEETING, name="Réunions publiques"),
            ]
        )
        CommitteeMember.objects.bulk_create(
            [
                CommitteeMember(committee=committee, organisation=organisation)
                for committee in committees[:2]
                for organisation in partners
            ]
        )
