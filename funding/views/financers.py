from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from charter.models import Charter
from gusp.core.pages import form_page

from .. import services
from ..forms import FinancerForm
from ..models import Financer
from ..perms import can_manage
from .common import member_charter


def financer_list(request, slug):
    charter = member_charter(request, slug)
    context = {
        "charter": charter,
        "financers": charter.financers.select_related("organisation").order_by("order", "name"),
        "can_manage": can_manage(request.user, charter),
    }
    return render(request, "funding/financer_list.html", context)


@require_http_methods(["GET", "POST"])
def financer_edit(request, slug=None, pk=None):
    if pk:
        financer = get_object_or_404(
            Financer.objects.editable_by(request.user).select_related("charter"), pk=pk
        )
        charter = financer.charter
    else:
        charter = get_object_or_404(Charter.objects.coordinated_by(request.user), slug=slug)
        financer = None
    form = FinancerForm(request.POST or None, instance=financer, charter=charter)
    return form_page(
        request,
        form,
        lambda f: services.save_financer(financer=f.save(commit=False), author=request.user),
        title=f"Financeur — {financer}" if financer else "Nouveau financeur",
        success_url=reverse("funding:financer_list", args=[charter.slug]),
        back_url=reverse("funding:financer_list", args=[charter.slug]),
        success_message="Le financeur a été enregistré.",
    )
