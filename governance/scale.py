import datetime as dt
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from charter.models import Organisation, User

from .models import Committee, CommitteeKind, CommitteeMember, Meeting, MeetingStatus

PARIS = ZoneInfo("Europe/Paris")


def meetings_of(committee, charter, rng) -> list[Meeting]:
    """A first year of meetings every two months (one in six cancelled, a few days of drift)."""
    meetings = []
    for month in range(0, 12, 2):
        day = charter.starts_on + relativedelta(months=month, days=rng.randint(5, 20))
        starts_at = dt.datetime.combine(day, dt.time(14), tzinfo=PARIS)
        meetings.append(
            Meeting(
                committee=committee,
                starts_at=starts_at,
                ends_at=starts_at + dt.timedelta(hours=2),
                place="Hôtel de ville",
                status=MeetingStatus.CANCELLED if rng.random() < 1 / 6 else MeetingStatus.HELD,
                uid=f"scale-{committee.pk}-{month}@gusp",
            )
        )
    return meetings


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
        if getattr(charter, "scale_shape", "") == "large":
            # The demo committee member sits in the large charter's steering and technical committees.
            comite = User.objects.filter(username="comite").select_related("organisation").first()
            if comite is not None and comite.organisation is not None:
                CommitteeMember.objects.bulk_create(
                    [
                        CommitteeMember(
                            committee=committee,
                            organisation=comite.organisation,
                            user=comite,
                            full_name=comite.get_full_name(),
                        )
                        for committee in committees[:2]
                    ]
                )
        Meeting.objects.bulk_create(
            [meeting for committee in committees[1:3] for meeting in meetings_of(committee, charter, rng)]
        )
