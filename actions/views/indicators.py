from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from charter.models import Charter
from charter.perms import can_coordinate
from gusp.core.pages import form_page

from .. import services
from ..charts import line_chart
from ..forms import IndicatorForm, MeasurementForm
from ..models import Indicator
from ..perms import can_measure


@require_http_methods(["GET", "POST"])
def indicator_create(request, slug):
    charter = get_object_or_404(Charter.objects.visible_to(request.user), slug=slug)
    if not can_coordinate(request.user, charter):
        raise PermissionDenied
    form = IndicatorForm(request.POST or None, charter=charter)
    return form_page(
        request,
        form,
        lambda f: f.save(),
        title="Nouvel indicateur",
        success_url=lambda saved: saved.get_absolute_url(),
        back_url=reverse("actions:plan", args=[charter.slug]),
        success_message="L'indicateur a été créé.",
    )


@require_http_methods(["GET", "POST"])
def indicator_detail(request, pk):
    indicator = get_object_or_404(
        Indicator.objects.reachable_by(request.user).select_related("charter"), pk=pk
    )
    measuring = can_measure(request.user, indicator)
    if request.method == "POST" and not measuring:
        raise PermissionDenied
    form = MeasurementForm(request.POST or None, indicator=indicator) if measuring else None
    if form is not None and request.method == "POST":
        return form_page(
            request,
            form,
            lambda f: services.record_measurement(indicator=indicator, author=request.user, **f.values),
            title=f"Mesure — {indicator.name}",
            success_url=indicator.get_absolute_url(),
            back_url=indicator.get_absolute_url(),
            success_message="La mesure a été enregistrée.",
        )
    measurements = list(indicator.measurements.filter(archived_at__isnull=True).select_related("territory"))
    context = {
        "indicator": indicator,
        "chart": line_chart(indicator, measurements),
        "measurements": measurements,
        "actions": indicator.actions.live().select_related("sheet").with_lateness(),
        "form": form,
        "can_coordinate": can_coordinate(request.user, indicator.charter_id),
    }
    return render(request, "actions/indicator_detail.html", context)
