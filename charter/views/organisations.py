from urllib.parse import quote

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render

from ..models import Charter, Organisation, Residence, Signature

ORGANISATIONS_PER_PAGE = 50


def organisation_list(request):
    """The partners of the charters the user sees, searchable by name, a page at a time."""
    organisations = Organisation.objects.visible_to(request.user)
    search = request.GET.get("q", "").strip()[:100]
    if search:
        organisations = organisations.filter(Q(name__icontains=search) | Q(short_name__icontains=search))
    page = Paginator(organisations.order_by("name", "pk"), ORGANISATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    # Counts for the rows of the page only.
    counted = {
        o.pk: o for o in Organisation.objects.filter(pk__in=[o.pk for o in page]).with_counts(request.user)
    }
    rows = [counted[o.pk] for o in page]
    query = f"q={quote(search)}" if search else ""
    context = {"page": page, "organisations": rows, "search": search, "query": query}
    return render(request, "charter/organisation_list.html", context)


@login_not_required
def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), slug=slug)
    residences = Residence.objects.visible_to(request.user).of_landlord(organisation).with_related()
    signatures = Signature.objects.filter(
        organisation=organisation, charter__in=Charter.objects.visible_to(request.user)
    ).select_related("charter")
    return render(
        request,
        "charter/organisation_detail.html",
        {"organisation": organisation, "residences": residences, "signatures": signatures},
    )
