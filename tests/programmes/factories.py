"""Factories of the landlords' programmes and satisfaction surveys, built through their services as the
platform makes them (by the coordination: an unsaved superuser, like funding's factories)."""

from decimal import Decimal

from charter.models import User
from diagnostics.surveys import services as survey_services
from diagnostics.surveys.models import SatisfactionSurvey, SurveyQuestion
from funding.tfpb import services
from funding.tfpb.models import ConventionQuarter, TfpbAction, TfpbConvention


def coordination() -> User:
    """The platform acting as the coordination (an unsaved superuser)."""
    return User(username="factories", is_superuser=True)


def convention(charter, landlord, *, start_year: int, end_year: int, **fields) -> TfpbConvention:
    return services.save_convention(
        convention=TfpbConvention(
            charter=charter, landlord=landlord, start_year=start_year, end_year=end_year, **fields
        ),
        author=coordination(),
    )


def quarter(convention, territory, *, dwellings: int, yearly=None, per_dwelling=None) -> ConventionQuarter:
    return services.save_quarter(
        quarter=ConventionQuarter(
            convention=convention,
            territory=territory,
            dwellings=dwellings,
            yearly_abatement=Decimal(yearly) if yearly is not None else None,
            abatement_per_dwelling=Decimal(per_dwelling) if per_dwelling is not None else None,
        ),
        author=coordination(),
    )


def action(
    quarter,
    year: int,
    axis: int,
    planned: str,
    realised: str | None = None,
    *,
    title=None,
    findings=None,
    **fields,
):
    """An action of the programme of `quarter` and `year` (the programme is made with the first one)."""
    return services.save_action(
        action=TfpbAction(
            axis=axis,
            title=title or f"Action de l'axe {axis}",
            planned_amount=Decimal(planned),
            realised_amount=Decimal(realised) if realised is not None else None,
            **fields,
        ),
        quarter=quarter,
        year=year,
        findings=findings,
        author=coordination(),
    )


def survey(
    charter,
    landlord,
    residences,
    *,
    conducted_on,
    method="representative",
    sample=400,
    respondents=300,
    title=None,
):
    return survey_services.save_survey(
        survey=SatisfactionSurvey(
            charter=charter,
            landlord=landlord,
            title=title or f"Enquête du {conducted_on:%d/%m/%Y}",
            conducted_on=conducted_on,
            method=method,
            sample_size=sample,
            respondents=respondents,
        ),
        residences=residences,
        author=coordination(),
    )


def question(survey, theme: str, text: str, values: dict) -> SurveyQuestion:
    """`values`: {residence or None (all): percent as a string}."""
    return survey_services.save_question(
        question=SurveyQuestion(survey=survey, theme=theme, text=text),
        values={residence: Decimal(percent) for residence, percent in values.items()},
        author=coordination(),
    )
