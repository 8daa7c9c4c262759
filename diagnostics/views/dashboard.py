from django.shortcuts import render
from django.utils import timezone

from ..delays import GROUPS, delay_rows, total
from ..filters import DelayFilter
from ..models import Finding
from .common import member_charter

# The groupings offered, by their URL value.
GROUPINGS = {
    "organisation": ("organisation",),
    "category": ("category",),
    "territory": ("territory",),
    "month": ("month",),
    "organisation-month": ("organisation", "month"),
    "organisation-category": ("organisation", "category"),
    "territory-category": ("territory", "category"),
}
LATE_SHOWN = 20


def delays(request, slug):
    """Time to acknowledge, time to treat, share treated within target, by organisation, category,
    territory or month (`diagnostics.delays`), the late findings listed first."""
    charter = member_charter(request, slug)
    today = timezone.localdate()
    visible = Finding.objects.visible_to(request.user).filter(charter=charter)
    delay_filter = DelayFilter(request.GET or None, queryset=visible, charter=charter)
    grouping = request.GET.get("par") if request.GET.get("par") in GROUPINGS else "organisation"
    by = GROUPINGS[grouping]
    rows = delay_rows(delay_filter.qs, by=by, today=today)
    late = delay_filter.qs.late(today)
    context = {
        "charter": charter,
        "filter": delay_filter,
        "grouping": grouping,
        "groupings": [(key, " × ".join(GROUPS[name] for name in names)) for key, names in GROUPINGS.items()],
        "columns": [GROUPS[name] for name in by],
        "by": by,
        "rows": rows,
        "total": total(rows),
        "late": late.with_related().late_first(today)[:LATE_SHOWN],
        "late_count": late.count(),
        "today": today,
    }
    return render(request, "diagnostics/delays.html", context)
