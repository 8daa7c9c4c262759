import datetime as dt
from decimal import Decimal

from charter.models import Residence

from .demo import SHEETS
from .models import Action, ActionStatus, Indicator, Measurement, ProjectSheet

STATUSES = [ActionStatus.PLANNED, ActionStatus.UNDER_WAY, ActionStatus.UNDER_WAY, ActionStatus.FINISHED]


def generate(charters, rng) -> None:
    """23 sheets per charter, 3 actions per sheet (some late), one indicator with quarterly measurements."""
    for charter in charters:
        themes = {t.code: t for t in charter.themes.all()}
        sheets = ProjectSheet.objects.bulk_create([
            ProjectSheet(charter=charter, number=n, title=title, theme=themes[code], all_territories=True,
                         is_published=rng.random() < 0.5)
            for n, code, _sub, title in SHEETS
        ])  # fmt: skip
        territories = list(charter.territories.all())
        residences = list(Residence.objects.filter(territory__charter=charter).select_related("landlord"))
        actions = []
        for sheet in sheets:
            for i in range(3):
                residence = rng.choice(residences)
                status = rng.choice(STATUSES)
                start = dt.date(charter.starts_on.year, rng.randint(1, 12), 1)
                actions.append(Action(
                    sheet=sheet, title=f"Action {sheet.number}.{i + 1}", lead=residence.landlord,
                    territory=residence.territory, starts_on=start, due_on=start + dt.timedelta(days=rng.randint(30, 700)),
                    status=status, progress=100 if status == ActionStatus.FINISHED else rng.randint(0, 90),
                ))  # fmt: skip
        Action.objects.bulk_create(actions)
        indicator = Indicator.objects.create(charter=charter, name="Réclamations propreté", unit="réclamations",
                                             direction="lower", target=Decimal(20))  # fmt: skip
        indicator.actions.set(actions[:3])
        Measurement.objects.bulk_create([
            Measurement(indicator=indicator, territory=territory, measured_on=dt.date(charter.starts_on.year, m, 28),
                        value=Decimal(rng.randint(10, 60)))
            for territory in territories[:2] for m in (3, 6, 9, 12)
        ])  # fmt: skip
