import datetime as dt

from django import forms
from django.utils import timezone

from actions.models import Action, ProjectSheet
from charter.models import Organisation, User
from gusp.core.forms import DATE_WIDGET, DATETIME_WIDGET, TIME_WIDGET, PlatformFormMixin

from .duties import duty_years
from .models import (
    AgendaItem,
    AttendanceStatus,
    Committee,
    CommitteeDuty,
    CommitteeKind,
    CommitteeMember,
    Decision,
    DutyCompletion,
    Meeting,
)
from .planning import MONTHS, POSITIONS, WEEKDAYS, year_plan


class CommitteeForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = Committee
        fields = [
            "kind",
            "name",
            "theme",
            "parent",
            "chairs",
            "rule",
            "min_meetings_per_year",
            "max_months_between_meetings",
            "venue",
        ]
        help_texts = {
            "min_meetings_per_year": "Laissé vide : le minimum de la charte (2 par an pour le comité de pilotage).",
            "max_months_between_meetings": "Laissé vide : le minimum de la charte (2 mois pour le comité technique "
            "et les groupes de travail).",
        }

    def __init__(self, *args, charter, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.charter = charter
        if self.instance.pk and self.instance.meetings.exists():
            self.fields["kind"].disabled = True
            self.fields["kind"].help_text = "Fixée : l'instance a déjà des réunions."
        self.fields["theme"].queryset = charter.themes.all()
        self.fields["theme"].error_messages["invalid_choice"] = (
            "Choisissez un thème prioritaire de la charte."
        )
        self.fields["parent"].queryset = charter.committees.filter(
            kind=CommitteeKind.WORKING_GROUP, parent__isnull=True
        ).exclude(pk=self.instance.pk)
        self.fields["parent"].error_messages["invalid_choice"] = (
            "Choisissez un groupe de travail de la charte."
        )


class MemberForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = CommitteeMember
        fields = ["organisation", "full_name", "position", "role", "user", "email", "joined_on", "left_on"]
        widgets = {"joined_on": DATE_WIDGET, "left_on": DATE_WIDGET}

    def __init__(self, *args, committee: Committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.committee = committee
        partners = Organisation.objects.in_charter(committee.charter)
        self.fields["organisation"].queryset = partners
        self.fields["organisation"].error_messages["invalid_choice"] = (
            "Choisissez une organisation partenaire de la charte."
        )
        self.fields["user"].queryset = User.objects.filter(
            organisation__in=partners, is_active=True
        ).order_by("last_name", "username")
        self.fields["user"].error_messages["invalid_choice"] = (
            "Choisissez le compte d'une personne d'une organisation partenaire."
        )


MEETING_YEARS = (1990, 2100)


class MeetingForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["subject", "starts_at", "ends_at", "place"]
        widgets = {"starts_at": DATETIME_WIDGET, "ends_at": DATETIME_WIDGET}

    def __init__(self, *args, committee: Committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.committee = committee
        if not self.instance.pk:
            self.fields["place"].initial = committee.venue

    def clean(self):
        data = super().clean()
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", "La fin de la réunion doit être postérieure à son début.")
        elif starts_at and ends_at and ends_at - starts_at > dt.timedelta(hours=24):
            self.add_error("ends_at", "Une réunion dure au plus 24 heures.")
        for name in ("starts_at", "ends_at"):
            value = data.get(name)
            if value and not (MEETING_YEARS[0] <= value.year <= MEETING_YEARS[1]):
                self.add_error(name, f"Choisissez une date entre {MEETING_YEARS[0]} et {MEETING_YEARS[1]}.")
        return data


class PlanYearForm(PlatformFormMixin, forms.Form):
    """A year of meetings from a recurrence rule, French public holidays skipped."""

    year = forms.IntegerField(label="Année")
    months = forms.TypedMultipleChoiceField(
        label="Mois", choices=MONTHS, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    position = forms.TypedChoiceField(label="Semaine du mois", choices=POSITIONS, coerce=int)
    weekday = forms.TypedChoiceField(label="Jour", choices=WEEKDAYS, coerce=int)
    start_time = forms.TimeField(label="Heure de début", widget=TIME_WIDGET)
    end_time = forms.TimeField(label="Heure de fin", widget=TIME_WIDGET)
    place = forms.CharField(label="Lieu", max_length=250)
    subject = forms.CharField(label="Objet", max_length=250, required=False)

    def __init__(self, *args, committee: Committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.committee = committee
        charter = committee.charter
        self.period = (charter.starts_on, charter.current_end)
        this_year = timezone.localdate().year
        first, last = self.period[0].year, self.period[1].year
        self.fields["year"].initial = min(max(this_year, first), last)
        self.fields["months"].initial = [1, 3, 5, 7, 9, 11]
        self.fields["position"].initial = 2
        self.fields["weekday"].initial = 1
        self.fields["start_time"].initial = dt.time(14, 0)
        self.fields["end_time"].initial = dt.time(16, 0)
        self.fields["place"].initial = committee.venue
        self.plan = None

    def clean_year(self):
        year = self.cleaned_data["year"]
        first, last = self.period[0].year, self.period[1].year
        if not first <= year <= last:
            raise forms.ValidationError(
                f"Choisissez une année de la période de la charte ({first} à {last})."
            )
        return year

    def clean(self):
        data = super().clean()
        start_time, end_time = data.get("start_time"), data.get("end_time")
        if start_time and end_time and end_time <= start_time:
            self.add_error("end_time", "L'heure de fin doit suivre l'heure de début.")
        if self.errors:
            return data
        year = data["year"]
        taken = [
            meeting.local_date for meeting in self.committee.meetings.counted().filter(starts_at__year=year)
        ]
        self.plan = year_plan(
            year=year,
            months=data["months"],
            weekday=data["weekday"],
            position=data["position"],
            period_start=self.period[0],
            period_end=self.period[1],
            taken=taken,
        )
        if not self.plan.dates:
            reasons = []
            if self.plan.holidays:
                reasons.append(f"{len(self.plan.holidays)} jour(s) férié(s) écarté(s)")
            if self.plan.taken:
                reasons.append(f"{len(self.plan.taken)} jour(s) où l'instance se réunit déjà")
            if self.plan.outside:
                reasons.append(f"{len(self.plan.outside)} jour(s) hors de la période de la charte")
            detail = f" ({', '.join(reasons)})" if reasons else ""
            raise forms.ValidationError(
                f"Cette règle ne donne aucune date en {year}{detail} : aucune réunion n'a été planifiée. "
                "Choisissez d'autres mois, un autre jour ou une autre semaine."
            )
        return data


class AgendaItemForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "description", "sheet", "action", "order"]
        help_texts = {
            "order": "Laissé à 0 : à la suite des autres points.",
            "action": "Une action de la fiche choisie (la fiche est alors déduite si elle est vide).",
        }

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        self.fields["sheet"].queryset = ProjectSheet.objects.filter(charter=meeting.committee.charter_id)
        self.fields["sheet"].error_messages["invalid_choice"] = "Choisissez une fiche projet de la charte."
        self.fields["action"].queryset = Action.objects.filter(
            sheet__charter=meeting.committee.charter_id
        ).select_related("sheet")
        self.fields["action"].error_messages["invalid_choice"] = "Choisissez une action de la charte."
        self.fields["order"].required = False

    def clean_order(self):
        return self.cleaned_data.get("order") or 0

    def clean(self):
        data = super().clean()
        sheet, action = data.get("sheet"), data.get("action")
        if action and sheet and action.sheet_id != sheet.pk:
            self.add_error("action", "Cette action ne relève pas de la fiche projet choisie.")
        elif action and not sheet:
            data["sheet"] = action.sheet
            self.instance.sheet = action.sheet
        return data


class AttendanceForm(PlatformFormMixin, forms.Form):
    """One choice per seat: present, excused (apologies) or absent."""

    def __init__(self, *args, members, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {}
        for member in members:
            name = f"member_{member.pk}"
            label = f"{member.organisation}" + (f" — {member.full_name}" if member.full_name else "")
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=[("", "Non renseigné"), *AttendanceStatus.choices],
                required=False,
                initial=current.get(member.pk, ""),
            )
            self.members[name] = member

    def statuses(self) -> dict:
        return {member: self.cleaned_data[name] for name, member in self.members.items()}


class MinutesForm(PlatformFormMixin, forms.Form):
    text = forms.CharField(label="Compte rendu", max_length=50_000, widget=forms.Textarea(attrs={"rows": 18}))


class DecisionForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = Decision
        fields = [
            "text",
            "sheets",
            "actions",
            "prescribes_amendment",
            "amendment_summary",
            "amendment",
            "order",
        ]
        widgets = {"sheets": forms.CheckboxSelectMultiple, "actions": forms.CheckboxSelectMultiple}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        charter = meeting.committee.charter
        self.fields["sheets"].queryset = ProjectSheet.objects.filter(charter=charter)
        self.fields["sheets"].error_messages["invalid_choice"] = "Choisissez des fiches projets de la charte."
        self.fields["actions"].queryset = Action.objects.filter(sheet__charter=charter).select_related(
            "sheet"
        )
        self.fields["actions"].error_messages["invalid_choice"] = "Choisissez des actions de la charte."
        self.fields["order"].required = False
        if meeting.committee.kind == CommitteeKind.STEERING:
            self.fields["amendment"].queryset = charter.amendments.all()
            self.fields["amendment"].error_messages["invalid_choice"] = "Choisissez un avenant de la charte."
        else:
            for name in ["prescribes_amendment", "amendment_summary", "amendment"]:
                del self.fields[name]

    def clean_order(self):
        return self.cleaned_data.get("order") or 0


class DutyCompletionForm(PlatformFormMixin, forms.ModelForm):
    """Record that a yearly duty was done for one of the charter's years not yet recorded."""

    year = forms.TypedChoiceField(label="Année", coerce=int)

    class Meta:
        model = DutyCompletion
        fields = ["year", "done_on", "note"]
        widgets = {"done_on": DATE_WIDGET}

    def __init__(self, *args, duty: CommitteeDuty, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.duty = duty
        open_years = [entry.year for entry in duty_years(duty) if not entry.is_done]
        self.fields["year"].choices = [(year, str(year)) for year in open_years]
        self.fields["year"].error_messages["invalid_choice"] = (
            "Choisissez une année de la charte pour laquelle l'obligation n'est pas encore enregistrée."
        )
        today = timezone.localdate()
        if today.year in open_years:
            self.fields["year"].initial = today.year
        self.fields["done_on"].initial = today

    def clean_done_on(self):
        done_on = self.cleaned_data["done_on"]
        if done_on > timezone.localdate():
            raise forms.ValidationError("La date ne peut pas être dans le futur.")
        return done_on
