from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from actions.models import ProjectSheet
from gusp.core.history import timeline
from gusp.core.pages import form_page, post_action

from .. import services
from ..filters import CommitmentFilter
from ..forms import CommitmentForm, PaymentForm
from ..models import FundingCommitment, Payment
from ..perms import can_add_commitment, can_edit_commitment, can_manage
from .common import member_charter, query_without

PER_PAGE = 50


def commitment_list(request, slug):
    """The charter's commitments, filtered like the summary table, with who may edit which."""
    charter = member_charter(request, slug)
    commitments = (
        FundingCommitment.objects.filter(charter=charter)
        .with_related()
        .with_stage()
        .with_lateness()
        .order_by("-year", "sheet__number", "financer__order", "financer__name", "pk")
    )
    commitment_filter = CommitmentFilter(request.GET or None, queryset=commitments, charter=charter)
    page = Paginator(commitment_filter.qs, PER_PAGE).get_page(request.GET.get("page"))
    editable = set(
        FundingCommitment.objects.editable_by(request.user)
        .filter(pk__in=[c.pk for c in page.object_list])
        .values_list("pk", flat=True)
    )
    context = {
        "charter": charter,
        "filter": commitment_filter,
        "page": page,
        "editable": editable,
        "query": query_without(request, "page"),
        "can_add": can_add_commitment(request.user, charter),
        "can_manage": can_manage(request.user, charter),
    }
    return render(request, "funding/commitment_list.html", context)


def commitment_detail(request, pk):
    commitment = get_object_or_404(
        FundingCommitment.objects.visible_to(request.user).with_related().with_stage().with_lateness(), pk=pk
    )
    can_edit = can_edit_commitment(request.user, commitment)
    context = {
        "commitment": commitment,
        "charter": commitment.charter,
        "payments": commitment.payments.select_related("recorded_by"),
        "can_edit": can_edit,
        "history": timeline(commitment),
        "group": FundingCommitment.objects.filter(
            charter=commitment.charter_id, sheet=commitment.sheet_id, year=commitment.year
        )
        .exclude(pk=commitment.pk)
        .select_related("financer")
        .order_by("financer__order", "financer__name"),
    }
    return render(request, "funding/commitment_detail.html", context)


@require_http_methods(["GET", "POST"])
def commitment_create(request, slug):
    """A new commitment, for a sheet (`?fiche=<pk>`) or the mission; a referent records their own."""
    charter = member_charter(request, slug)
    if not can_add_commitment(request.user, charter):
        raise PermissionDenied
    sheet = None
    if request.GET.get("fiche", "").isdecimal() and len(request.GET["fiche"]) < 12:
        sheet = ProjectSheet.objects.filter(charter=charter, pk=request.GET["fiche"]).first()
    form = CommitmentForm(request.POST or None, charter=charter, user=request.user, sheet=sheet)
    back = sheet and reverse("funding:sheet_budget", args=[sheet.pk])
    return form_page(
        request,
        form,
        lambda f: services.save_commitment(commitment=f.save(commit=False), author=request.user),
        title="Nouvel engagement financier",
        success_url=lambda saved: saved.get_absolute_url(),
        back_url=back or reverse("funding:commitment_list", args=[charter.slug]),
        success_message="L'engagement a été enregistré.",
    )


@require_http_methods(["GET", "POST"])
def commitment_edit(request, pk):
    commitment = get_object_or_404(
        FundingCommitment.objects.editable_by(request.user).select_related("charter", "financer"), pk=pk
    )
    form = CommitmentForm(
        request.POST or None, instance=commitment, charter=commitment.charter, user=request.user
    )
    return form_page(
        request,
        form,
        lambda f: services.save_commitment(commitment=f.save(commit=False), author=request.user),
        title=f"Modifier l'engagement — {commitment.financer}, {commitment.year}",
        success_url=lambda saved: saved.get_absolute_url(),
        back_url=commitment.get_absolute_url(),
        success_message="L'engagement a été enregistré.",
    )


@require_POST
def commitment_delete(request, pk):
    commitment = get_object_or_404(FundingCommitment.objects.editable_by(request.user), pk=pk)
    try:
        with transaction.atomic():
            services.delete_commitment(commitment=commitment, author=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(commitment)
    messages.success(request, "L'engagement a été supprimé.")
    return redirect("funding:commitment_list", commitment.charter.slug)


@require_http_methods(["GET", "POST"])
def payment_create(request, pk):
    commitment = get_object_or_404(
        FundingCommitment.objects.editable_by(request.user).select_related("charter", "financer"), pk=pk
    )
    form = PaymentForm(request.POST or None, commitment=commitment)
    return form_page(
        request,
        form,
        lambda f: services.record_payment(
            commitment=commitment,
            paid_on=f.cleaned_data["paid_on"],
            amount=f.cleaned_data["amount"],
            reference=f.cleaned_data["reference"],
            author=request.user,
        ),
        title=f"Versement — {commitment.financer}, {commitment.target_label}, {commitment.year}",
        success_url=commitment.get_absolute_url(),
        back_url=commitment.get_absolute_url(),
        success_message="Le versement a été enregistré.",
    )


@require_POST
def payment_delete(request, pk):
    payment = get_object_or_404(Payment.objects.editable_by(request.user).select_related("commitment"), pk=pk)
    return post_action(
        request,
        lambda: services.delete_payment(payment=payment, author=request.user),
        success="Le versement a été supprimé.",
        target=payment.commitment.get_absolute_url(),
    )
