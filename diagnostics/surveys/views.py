"""Pages of the satisfaction surveys: the charter's surveys with the landlords' flags, a survey and its
results, the trend per residence and theme, and the forms. Lookups go through what the user may see or edit:
another landlord's survey is a 404 for editing."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from charter.models import Organisation
from gusp.core.pages import form_page, post_action

from ..views.common import member_charter
from . import services
from .examples import is_example
from .forms import QuestionForm, SurveyForm
from .models import SatisfactionSurvey, SurveyQuestion
from .perms import can_record
from .trends import survey_flags, survey_trend


def survey_list(request, slug):
    charter = member_charter(request, slug)
    surveys = list(
        SatisfactionSurvey.objects.visible_to(request.user)
        .filter(charter=charter)
        .select_related("landlord")
        .prefetch_related("residences")
        .order_by("-conducted_on", "-pk")
    )
    editable = set(
        SatisfactionSurvey.objects.editable_by(request.user)
        .filter(charter=charter)
        .values_list("pk", flat=True)
    )
    context = {
        "charter": charter,
        "is_example": is_example(charter),
        "surveys": surveys,
        "editable": editable,
        "flags": survey_flags(charter),
        "can_record": can_record(request.user, charter),
    }
    return render(request, "diagnostics/surveys/survey_list.html", context)


def survey_trend_page(request, slug):
    """The trend per residence and theme across the charter's surveys (`?bailleur=<id>`: one landlord's)."""
    charter = member_charter(request, slug)
    surveys = SatisfactionSurvey.objects.visible_to(request.user).filter(charter=charter)
    landlords = list(
        Organisation.objects.filter(satisfaction_surveys__charter=charter).distinct().order_by("name")
    )
    chosen = None
    value = request.GET.get("bailleur", "")
    if value.isdecimal() and len(value) < 12:
        chosen = next((landlord for landlord in landlords if landlord.pk == int(value)), None)
        if chosen is not None:
            surveys = surveys.filter(landlord=chosen)
    context = {
        "charter": charter,
        "is_example": is_example(charter),
        "trend": survey_trend(surveys),
        "landlords": landlords,
        "chosen": chosen,
    }
    return render(request, "diagnostics/surveys/trend.html", context)


@require_http_methods(["GET", "POST"])
def survey_create(request, slug):
    charter = member_charter(request, slug)
    if not can_record(request.user, charter):
        raise PermissionDenied
    form = SurveyForm(request.POST or None, charter=charter, user=request.user)
    return form_page(
        request,
        form,
        lambda f: services.save_survey(
            survey=f.save(commit=False), residences=f.cleaned_data["residences"], author=request.user
        ),
        title="Nouvelle enquête de satisfaction",
        success_url=lambda saved: saved.get_absolute_url(),
        back_url=reverse("diagnostics:survey_list", args=[charter.slug]),
        success_message="L'enquête a été enregistrée : saisissez maintenant ses résultats.",
    )


@require_http_methods(["GET", "POST"])
def survey_edit(request, pk):
    survey = get_object_or_404(SatisfactionSurvey.objects.editable_by(request.user).with_related(), pk=pk)
    form = SurveyForm(request.POST or None, instance=survey, charter=survey.charter, user=request.user)
    return form_page(
        request,
        form,
        lambda f: services.save_survey(
            survey=f.save(commit=False), residences=f.cleaned_data["residences"], author=request.user
        ),
        title=f"Modifier — {survey.title}",
        success_url=survey.get_absolute_url(),
        back_url=survey.get_absolute_url(),
        success_message="L'enquête a été enregistrée.",
    )


def survey_detail(request, pk):
    survey = get_object_or_404(SatisfactionSurvey.objects.visible_to(request.user).with_related(), pk=pk)
    residences = services.surveyed_residences(survey)
    questions = list(survey.questions.prefetch_related("results"))
    grid = []
    for question in questions:
        values = {result.residence_id: result.satisfied_percent for result in question.results.all()}
        grid.append(
            {
                "question": question,
                "overall": values.get(None),
                "cells": [values.get(r.pk) for r in residences],
            }
        )
    context = {
        "survey": survey,
        "charter": survey.charter,
        "is_example": is_example(survey.charter),
        "residences": residences,
        "grid": grid,
        "can_edit": SatisfactionSurvey.objects.editable_by(request.user).filter(pk=survey.pk).exists(),
    }
    return render(request, "diagnostics/surveys/survey_detail.html", context)


@require_http_methods(["GET", "POST"])
def question_edit(request, survey_pk=None, pk=None):
    if pk:
        question = get_object_or_404(
            SurveyQuestion.objects.editable_by(request.user).select_related(
                "survey__charter", "survey__landlord"
            ),
            pk=pk,
        )
        survey = question.survey
    else:
        survey = get_object_or_404(
            SatisfactionSurvey.objects.editable_by(request.user).with_related(), pk=survey_pk
        )
        question = None
    residences = services.surveyed_residences(survey)
    form = QuestionForm(request.POST or None, instance=question, survey=survey, residences=residences)
    return form_page(
        request,
        form,
        lambda f: services.save_question(
            question=f.save(commit=False), values=f.result_values(), author=request.user
        ),
        title=f"Question — {survey.title}",
        success_url=survey.get_absolute_url(),
        back_url=survey.get_absolute_url(),
        success_message="Les résultats de la question ont été enregistrés.",
    )


@require_POST
def question_delete(request, pk):
    question = get_object_or_404(
        SurveyQuestion.objects.editable_by(request.user).select_related("survey"), pk=pk
    )
    return post_action(
        request,
        lambda: services.delete_question(question=question, author=request.user),
        success="La question et ses résultats ont été supprimés.",
        target=question.survey.get_absolute_url(),
    )
