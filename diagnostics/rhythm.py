"""The rhythm of walks: « diagnostics en marchant bimestriels » (Annex VI, sheet 1) — every sector is walked
at least every two months (`WALK_RHYTHM_DAYS`). One function, one query."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from .choices import WALK_RHYTHM_DAYS

SOON_DAYS = 14


@dataclass
class SectorRhythm:
    territory_id: int
    territory: str
    sector: str
    last_walk: dt.date | None
    next_walk: dt.date | None
    due: dt.date | None
    status: str  # "ok", "soon" (due within two weeks, nothing planned), "late" (due date passed), "new"

    @property
    def label(self) -> str:
        return f"{self.territory}, secteur {self.sector}" if self.sector else self.territory


def sector_rhythm(walks, today: dt.date | None = None) -> list[SectorRhythm]:
    """For each sector walked (or planned) in `walks`: the last walk done, the next one planned, the date
    the next one is due (last + two months) and whether the rhythm is kept."""
    today = today or timezone.localdate()
    sectors: dict[tuple, dict] = {}
    rows = walks.order_by().values_list("territory_id", "territory__name", "sector", "planned_on")
    for territory_id, territory, sector, planned_on in rows:
        entry = sectors.setdefault(
            (territory_id, sector.lower()),
            {"territory": territory, "sector": sector, "last": None, "next": None},
        )
        if planned_on <= today:
            entry["last"] = max(filter(None, [entry["last"], planned_on]))
        else:
            entry["next"] = min(filter(None, [entry["next"], planned_on]))
    result = []
    for (territory_id, _), entry in sectors.items():
        last, upcoming = entry["last"], entry["next"]
        due = last + dt.timedelta(days=WALK_RHYTHM_DAYS) if last else None
        if due is None:
            status = "new"
        elif due < today:
            status = "late"
        elif (upcoming is None or upcoming > due) and (due - today).days <= SOON_DAYS:
            status = "soon"
        else:
            status = "ok"
        result.append(
            SectorRhythm(territory_id, entry["territory"], entry["sector"], last, upcoming, due, status)
        )
    return sorted(result, key=lambda r: (r.territory.lower(), r.sector.lower()))
