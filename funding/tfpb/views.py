"""Pages of the TFPB programmes: the charter's conventions, a convention and its quarters, a landlord's
programme for a year, the yearly report of a landlord × quarter × year (on screen, as XLSX, and as a PDF
made in a durable job), its validation by the steering committee, and the published reports for the
public. Lookups go through what the user may see or edit: another landlord's programme is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from charter.models import Charter
from gusp.core.pages import form_page, post_action

from ..periods import default_year
from ..views.common import member_charter
from . import services
from .choices import ReportState, reference_figures
from .exports import xlsx_response
from .forms import ActionForm, CommentForm, ConventionForm, QuarterForm, ReportForm, ValidationForm
from .models import ConventionQuarter, TfpbAction, TfpbConvention, TfpbReport
from .perms import can_comment, can_manage, can_program
from .report import ACTION_HEADERS, AXIS_HEADERS, SUMMARY_HEADERS, quarter_report, year_summary


def _report_url(report) -> str:
    return reverse("funding:tfpb_report", args=[report.pk])


# The charter's conventions ------------------------------------------------------------------------------------


def home(request, slug):
    """The conventions of the charter's landlords, the state of their programmes for the current year, the
    reports waiting for the steering committee, and the reference figures."""
    charter = member_charter(request, slug)
    conventions = list(
        TfpbConvention.objects.filter(charter=charter)
        .select_related("landlord")
        .prefetch_related("quarters__territory")
    )
    reports = list(
        TfpbReport.objects.filter(quarter__convention__charter=charter)
        .select_related("quarter__territory", "quarter__convention__landlord")
        .order_by("-year", "quarter__convention__landlord__name", "quarter__territory__name")
    )
    programmable = set(
        TfpbConvention.objects.programmable_by(request.user)
        .filter(charter=charter)
        .values_list("pk", flat=True)
    )
    context = {
        "charter": charter,
        "conventions": conventions,
        "reports": reports,
        "to_validate": [r for r in reports if r.state == ReportState.SUBMITTED],
        "programmable": programmable,
        "current_year": default_year(range(charter.starts_on.year, charter.current_end.year + 1)),
        "references": reference_figures(),
        "can_manage": can_manage(request.user, charter),
    }
    return render(request, "funding/tfpb/home.html", context)


@require_http_methods(["GET", "POST"])
def convention_edit(request, slug=None, pk=None):
    if pk:
        convention = get_object_or_404(
            TfpbConvention.objects.editable_by(request.user).select_related("charter"), pk=pk
        )
        charter = convention.charter
    else:
        charter = get_object_or_404(
            Charter.objects.coordinated_by(request.user).prefetch_related("amendments"), slug=slug
        )
        convention = None
    form = ConventionForm(request.POST or None, instance=convention, charter=charter)
    return form_page(
        request,
        form,
        lambda f: services.save_convention(convention=f.save(commit=False), author=request.user),
        title=f"Modifier — {convention}" if convention else "Nouvelle convention d'abattement de TFPB",
        success_url=lambda saved: saved.get_absolute_url(),
        back_url=convention.get_absolute_url()
        if convention
        else reverse("funding:tfpb_home", args=[charter.slug]),
        success_message="La convention a été enregistrée.",
    )


def convention_detail(request, pk):
    convention = get_object_or_404(
        TfpbConvention.objects.visible_to(request.user)
        .with_related()
        .prefetch_related("charter__amendments"),
        pk=pk,
    )
    quarters = list(convention.quarters.select_related("territory").order_by("territory__name"))
    reports = {(r.quarter_id, r.year): r for r in TfpbReport.objects.filter(quarter__convention=convention)}
    grid = [
        {"year": year, "cells": [{"quarter": q, "report": reports.get((q.pk, year))} for q in quarters]}
        for year in convention.years
    ]
    context = {
        "convention": convention,
        "charter": convention.charter,
        "quarters": quarters,
        "grid": grid,
        "can_manage": can_manage(request.user, convention.charter),
        "can_program": can_program(request.user, convention),
    }
    return render(request, "funding/tfpb/convention_detail.html", context)


@require_http_methods(["GET", "POST"])
def quarter_edit(request, convention_pk=None, pk=None):
    if pk:
        quarter = get_object_or_404(
            ConventionQuarter.objects.editable_by(request.user).select_related(
                "convention__charter", "convention__landlord"
            ),
            pk=pk,
        )
        convention = quarter.convention
    else:
        convention = get_object_or_404(
            TfpbConvention.objects.editable_by(request.user).with_related(), pk=convention_pk
        )
        quarter = None
    form = QuarterForm(request.POST or None, instance=quarter, convention=convention)
    return form_page(
        request,
        form,
        lambda f: services.save_quarter(quarter=f.save(commit=False), author=request.user),
        title=f"Quartier de la convention — {quarter.territory}"
        if quarter
        else "Nouveau quartier de la convention",
        success_url=convention.get_absolute_url(),
        back_url=convention.get_absolute_url(),
        success_message="Le quartier de la convention a été enregistré.",
    )


# A landlord's year ------------------------------------------------------------------------------------------


def year(request, pk, year):
    """The landlord's programme for a year over the quarters of its convention."""
    convention = get_object_or_404(TfpbConvention.objects.visible_to(request.user).with_related(), pk=pk)
    if year not in convention.years:
        raise Http404
    summary = year_summary(convention, year)
    actions = list(
        TfpbAction.objects.filter(report__quarter__convention=convention, report__year=year)
        .select_related("report__quarter__territory")
        .order_by("report__quarter__territory__name", "axis", "order", "pk")
    )
    context = {
        "convention": convention,
        "charter": convention.charter,
        "year": year,
        "summary": summary,
        "axis_headers": AXIS_HEADERS,
        "summary_headers": SUMMARY_HEADERS,
        "actions": actions,
        "can_program": can_program(request.user, convention),
    }
    return render(request, "funding/tfpb/year.html", context)


@require_http_methods(["GET", "POST"])
def action_create(request, pk, year):
    convention = get_object_or_404(TfpbConvention.objects.programmable_by(request.user).with_related(), pk=pk)
    if year not in convention.years:
        raise Http404
    form = ActionForm(request.POST or None, convention=convention)
    back = reverse("funding:tfpb_year", args=[convention.pk, year])
    return form_page(
        request,
        form,
        lambda f: services.save_action(
            action=f.save(commit=False),
            quarter=f.cleaned_data["quarter"],
            year=year,
            findings=list(f.cleaned_data["findings"]),
            author=request.user,
        ),
        title=f"Nouvelle action — programme {year} de {convention.landlord}",
        success_url=lambda saved: _report_url(saved.report),
        back_url=back,
        success_message="L'action a été enregistrée.",
    )


@require_http_methods(["GET", "POST"])
def action_edit(request, pk):
    action = get_object_or_404(
        TfpbAction.objects.editable_by(request.user).select_related(
            "report__quarter__convention__charter",
            "report__quarter__convention__landlord",
            "report__quarter__territory",
        ),
        pk=pk,
    )
    convention = action.report.quarter.convention
    form = ActionForm(request.POST or None, instance=action, convention=convention)
    return form_page(
        request,
        form,
        lambda f: services.save_action(
            action=f.save(commit=False), findings=list(f.cleaned_data["findings"]), author=request.user
        ),
        title=f"Action — {action.title}",
        success_url=_report_url(action.report),
        back_url=_report_url(action.report),
        success_message="L'action a été enregistrée.",
    )


@require_POST
def action_delete(request, pk):
    action = get_object_or_404(TfpbAction.objects.editable_by(request.user).select_related("report"), pk=pk)
    return post_action(
        request,
        lambda: services.delete_action(action=action, author=request.user),
        success="L'action a été supprimée du programme.",
        target=_report_url(action.report),
    )


# The yearly report of a landlord × quarter × year --------------------------------------------------------------


def report_detail(request, pk):
    """The report on screen; `?export=xlsx` downloads the same tables."""
    report = get_object_or_404(TfpbReport.objects.visible_to(request.user).with_related(), pk=pk)
    figures = quarter_report(report)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(figures)
    charter = report.quarter.convention.charter
    editable = TfpbReport.objects.editable_by(request.user).filter(pk=report.pk).exists()
    context = {
        "report": report,
        "figures": figures,
        "charter": charter,
        "convention": report.quarter.convention,
        "axis_headers": AXIS_HEADERS,
        "summary_headers": SUMMARY_HEADERS,
        "action_headers": ACTION_HEADERS,
        "comments": list(report.comments.select_related("author", "organisation")),
        "comment_form": CommentForm(),
        "can_edit": editable and not report.is_validated,
        "can_submit": editable and report.state == ReportState.DRAFT,
        "can_manage": can_manage(request.user, charter),
        "can_comment": can_comment(request.user, charter),
        "job": services.pdf_job(report),
        "today": timezone.localdate(),
    }
    return render(request, "funding/tfpb/report_detail.html", context)


@require_http_methods(["GET", "POST"])
def report_edit(request, pk):
    report = get_object_or_404(TfpbReport.objects.editable_by(request.user).with_related(), pk=pk)
    form = ReportForm(request.POST or None, instance=report)
    return form_page(
        request,
        form,
        lambda f: services.save_report(report=f.save(commit=False), author=request.user),
        title=f"Bilan {report.year} — {report.quarter.convention.landlord} — {report.quarter.territory}",
        success_url=_report_url(report),
        back_url=_report_url(report),
        success_message="Le bilan a été enregistré.",
    )


@require_POST
def report_submit(request, pk):
    report = get_object_or_404(TfpbReport.objects.editable_by(request.user), pk=pk)
    return post_action(
        request,
        lambda: services.submit_report(report=report, author=request.user),
        success="Le bilan est transmis : le comité de pilotage le validera.",
        target=_report_url(report),
    )


@require_POST
def report_return(request, pk):
    report = get_object_or_404(TfpbReport.objects.validatable_by(request.user), pk=pk)
    return post_action(
        request,
        lambda: services.return_report(report=report, author=request.user),
        success="Le bilan est renvoyé au bailleur.",
        target=_report_url(report),
    )


@require_http_methods(["GET", "POST"])
def report_validate(request, pk):
    report = get_object_or_404(TfpbReport.objects.validatable_by(request.user).with_related(), pk=pk)
    form = ValidationForm(request.POST or None, report=report)
    return form_page(
        request,
        form,
        lambda f: services.validate_report(
            report=report,
            decision=f.cleaned_data["decision"],
            publish=f.cleaned_data["publish"],
            author=request.user,
        ),
        title=f"Validation du bilan {report.year} — {report.quarter.convention.landlord} — {report.quarter.territory}",
        success_url=_report_url(report),
        back_url=_report_url(report),
        success_message="La validation du comité de pilotage est enregistrée.",
    )


@require_POST
def report_publish(request, pk):
    report = get_object_or_404(TfpbReport.objects.validatable_by(request.user), pk=pk)
    publish = request.POST.get("publish") == "1"
    return post_action(
        request,
        lambda: services.publish_report(report=report, publish=publish, author=request.user),
        success="Le bilan est publié : le public peut le lire." if publish else "Le bilan n'est plus public.",
        target=_report_url(report),
    )


@require_http_methods(["GET", "POST"])
def report_comment(request, pk):
    """A partner's comment (the form is on the report's page; with an error, it comes back here)."""
    report = get_object_or_404(TfpbReport.objects.visible_to(request.user).with_related(), pk=pk)
    if not can_comment(request.user, report.quarter.convention.charter):
        raise PermissionDenied
    return form_page(
        request,
        CommentForm(request.POST or None),
        lambda f: services.add_comment(report=report, text=f.cleaned_data["text"], author=request.user),
        title=f"Commenter le bilan {report.year} — {report.quarter.convention.landlord} — {report.quarter.territory}",
        success_url=_report_url(report) + "#commentaires",
        back_url=_report_url(report),
        success_message="Votre commentaire est enregistré.",
    )


@require_POST
def report_pdf_request(request, pk):
    report = get_object_or_404(TfpbReport.objects.visible_to(request.user), pk=pk)
    return post_action(
        request,
        lambda: services.request_report_pdf(report=report, requested_by=request.user),
        success="Le PDF du bilan est en préparation : la page vous dira quand il est prêt.",
        target=_report_url(report),
    )


def report_pdf(request, pk):
    """The PDF, served only to the charter's partners (never from a public URL)."""
    report = get_object_or_404(TfpbReport.objects.visible_to(request.user).with_related(), pk=pk)
    if not report.pdf:
        messages.info(request, "Le PDF du bilan n'est pas encore prêt : demandez-le sur cette page.")
        return redirect(_report_url(report))
    return FileResponse(
        report.pdf.open("rb"),
        as_attachment=True,
        filename=f"bilan-tfpb-{report.year}-{report.quarter.convention.landlord.slug}-{report.quarter.territory.slug}.pdf",
        content_type="application/pdf",
    )


# What the public reads ----------------------------------------------------------------------------------------


@login_not_required
def public_list(request, slug):
    """The reports the steering committee validated and published, for everybody."""
    charter = get_object_or_404(Charter.objects.published(), slug=slug)
    reports = list(
        TfpbReport.objects.public()
        .filter(quarter__convention__charter=charter)
        .select_related("quarter__territory", "quarter__convention__landlord", "decision__meeting")
        .order_by("-year", "quarter__convention__landlord__name", "quarter__territory__name")
    )
    return render(request, "funding/tfpb/public_list.html", {"charter": charter, "reports": reports})


@login_not_required
def report_public(request, pk):
    report = get_object_or_404(TfpbReport.objects.public().with_related(), pk=pk)
    figures = quarter_report(report, public=True)
    context = {
        "report": report,
        "figures": figures,
        "charter": report.quarter.convention.charter,
        "axis_headers": AXIS_HEADERS,
        "summary_headers": SUMMARY_HEADERS,
    }
    return render(request, "funding/tfpb/report_public.html", context)
