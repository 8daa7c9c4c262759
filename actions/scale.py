import datetime as dt
from decimal import Decimal

from charter.models import Residence, User

from .demo import sheet_list
from .models import Action, ActionStatus, Indicator, Intervention, Measurement, ProjectSheet

STATUSES = [ActionStatus.PLANNED, ActionStatus.UNDER_WAY, ActionStatus.UNDER_WAY, ActionStatus.FINISHED]
# The large charter (a metropolis): 3,000 actions and 200,000 journal entries, times its `scale_size`.
LARGE_ACTIONS = 3_000
LARGE_JOURNAL = 200_000


def generate(charters, rng) -> None:
    """23 sheets per charter, 3 actions per sheet (some late), one indicator with quarterly measurements;
    in the large charter, 3,000 actions and 200,000 journal entries."""
    sheet_rows = sheet_list()
    for charter in charters:
        themes = {t.code: t for t in charter.themes.all()}
        sheets = ProjectSheet.objects.bulk_create(
            [
                ProjectSheet(
                    charter=charter,
                    number=row["number"],
                    title=row["title"],
                    theme=themes[row["theme"]],
                    all_territories=True,
                    is_published=rng.random() < 0.5,
                )
                for row in sheet_rows
            ]
        )
        territories = list(charter.territories.all())
        residences = list(Residence.objects.filter(territory__charter=charter).select_related("landlord"))
        large = getattr(charter, "scale_shape", "") == "large"
        size = getattr(charter, "scale_size", 1.0)
        per_sheet = max(3, round(LARGE_ACTIONS * size / len(sheets))) if large else 3
        actions = []
        for sheet in sheets:
            for i in range(per_sheet):
                residence = rng.choice(residences)
                status = rng.choice(STATUSES)
                start = dt.date(charter.starts_on.year, rng.randint(1, 12), 1)
                actions.append(
                    Action(
                        sheet=sheet,
                        title=f"Action {sheet.number}.{i + 1}",
                        lead=residence.landlord,
                        territory=residence.territory,
                        starts_on=start,
                        due_on=start + dt.timedelta(days=rng.randint(30, 700)),
                        status=status,
                        progress=100 if status == ActionStatus.FINISHED else rng.randint(0, 90),
                    )
                )
        Action.objects.bulk_create(actions, batch_size=1000)
        if large:
            journal(charter, actions, round(LARGE_JOURNAL * size), rng)
        indicator = Indicator.objects.create(
            charter=charter,
            name="Réclamations propreté",
            unit="réclamations",
            direction="lower",
            target=Decimal(20),
        )
        indicator.actions.set(actions[:3])
        Measurement.objects.bulk_create(
            [
                Measurement(
                    indicator=indicator,
                    territory=territory,
                    measured_on=dt.date(charter.starts_on.year, m, 28),
                    value=Decimal(rng.randint(10, 60)),
                )
                for territory in territories[:2]
                for m in (3, 6, 9, 12)
            ]
        )


def journal(charter, actions, count: int, rng) -> None:
    """`count` journal entries spread over the actions, written by the charter's synthetic referents."""
    authors = list(User.objects.filter(username__startswith=f"{charter.slug}-bailleur-"))
    if not authors or not actions:
        return
    day = charter.starts_on
    batch = []
    for n in range(count):
        action = actions[n % len(actions)]
        author = authors[n % len(authors)]
        batch.append(
            Intervention(
                action=action,
                author=author,
                organisation_id=author.organisation_id,
                done_on=day + dt.timedelta(days=n % 900),
                text=f"Passage de contrôle n°{n + 1} ({action.title}).",
                hours=Decimal(rng.randint(1, 8)),
            )
        )
        if len(batch) == 5000:
            Intervention.objects.bulk_create(batch)
            batch = []
    Intervention.objects.bulk_create(batch)
