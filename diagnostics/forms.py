import datetime as dt
import time
import uuid
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core import signing
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from actions.models import Action, ProjectSheet
from actions.uploads import MultipleFileField, MultipleFileInput
from charter.models import Organisation, Residence, User
from gusp.core.forms import DATE_WIDGET, TIME_WIDGET, PlatformFormMixin

from .choices import (
    MAX_DESCRIPTION,
    MAX_PHOTOS,
    MAX_REPORT_PHOTOS,
    CheckResult,
    LocationSource,
    PlaceKind,
    RejectReason,
    Severity,
)
from .models import ApiKey, Category, Finding, RoutingRule, WalkingDiagnostic
from .states import VERBS

PHOTO_TYPES = "image/jpeg,image/png,image/webp"
# An offline finding may be sent long after it was typed, but not months after.
OFFLINE_MAX_AGE = dt.timedelta(days=60)
CHARTER_CHOICE = "Ce choix n'appartient pas à cette charte."


def _charter_choice(form, *names):
    for name in names:
        form.fields[name].error_messages["invalid_choice"] = CHARTER_CHOICE
        form.fields[name].error_messages["invalid_pk_value"] = CHARTER_CHOICE


class PhotoField(MultipleFileField):
    """Photos only (JPEG, PNG, WebP, checked by their content), a few at most."""

    def __init__(self, *args, max_files: int = MAX_PHOTOS, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": PHOTO_TYPES}))
        kwargs.setdefault("label", "Photos")
        kwargs.setdefault(
            "help_text", f"{max_files} photos au plus, 10 Mo au plus chacune (JPEG, PNG ou WebP)."
        )
        super().__init__(*args, **kwargs)
        self.max_files = max_files

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > self.max_files:
            raise forms.ValidationError(f"Au plus {self.max_files} photos.")
        checked = super().clean(data, initial)
        refused = [c.upload.name for c in checked if not c.content_type.startswith("image/")]
        if refused:
            raise forms.ValidationError(
                [f"« {name} » n'est pas une photo (JPEG, PNG ou WebP)." for name in refused]
            )
        return checked


def _coordinate(value):
    """Degrees with six decimals at most (about 10 cm): a phone gives more."""
    return None if value is None else Decimal(str(round(value, 6)))


class PlaceFieldsMixin:
    """Where a finding is: a residence (and its entrance), or the public space; a point on the map or the
    device's position (asked only when the person presses the button), or neither."""

    def clean_latitude(self):
        return _coordinate(self.cleaned_data.get("latitude"))

    def clean_longitude(self):
        return _coordinate(self.cleaned_data.get("longitude"))

    def clean(self):
        data = super().clean()
        kind, residence = data.get("place_kind"), data.get("residence")
        if (
            kind in (PlaceKind.BUILDING, PlaceKind.GROUNDS)
            and not residence
            and "residence" not in self.errors
        ):
            self.add_error("residence", "Indiquez la résidence.")
        if kind == PlaceKind.PUBLIC:
            data["residence"] = None
            data["entrance"] = ""
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("latitude", "Un point a une latitude et une longitude.")
        return data


def _place_fields(form, charter, residences):
    form.fields["category"].queryset = Category.objects.filter(charter=charter).active()
    form.fields["residence"].queryset = residences
    form.fields["territory"].queryset = charter.territories.all()
    _charter_choice(form, "category", "residence", "territory")


class FindingForm(PlaceFieldsMixin, PlatformFormMixin, forms.Form):
    """A finding typed on a phone, during a walk or in the field. Posted as a page (one-time key) or, from
    the offline queue, as JSON answers keyed by the id the device made (`client_id`)."""

    category = forms.ModelChoiceField(
        label="Catégorie", queryset=Category.objects.none(), empty_label="Choisir…"
    )
    place_kind = forms.ChoiceField(label="Lieu", choices=PlaceKind.choices, widget=forms.RadioSelect)
    residence = forms.ModelChoiceField(
        label="Résidence", queryset=Residence.objects.none(), required=False, empty_label="—"
    )
    entrance = forms.CharField(label="Entrée, cage d'escalier", max_length=60, required=False)
    place_note = forms.CharField(
        label="Précisions sur le lieu",
        max_length=200,
        required=False,
        help_text="Par exemple : devant le n°12.",
    )
    territory = forms.ModelChoiceField(
        label="Quartier",
        queryset=None,
        required=False,
        empty_label="Celui du diagnostic, de la résidence ou du point",
    )
    latitude = forms.FloatField(label="Latitude", required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(label="Longitude", required=False, min_value=-180, max_value=180)
    location_source = forms.ChoiceField(
        choices=LocationSource.choices, required=False, widget=forms.HiddenInput
    )
    severity = forms.TypedChoiceField(
        label="Gravité",
        choices=Severity.choices,
        coerce=int,
        initial=Severity.MEDIUM,
        widget=forms.RadioSelect,
    )
    description = forms.CharField(
        label="Description", max_length=MAX_DESCRIPTION, widget=forms.Textarea(attrs={"rows": 3})
    )
    photos = PhotoField()
    observed_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)
    # A CharField, not a UUIDField: PlatformFormMixin bounds every CharField's length, and a UUIDField's
    # cleaned value (a UUID) has no length.
    client_id = forms.CharField(required=False, max_length=36, widget=forms.HiddenInput)

    def __init__(self, *args, charter, walk: WalkingDiagnostic | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.charter, self.walk = charter, walk
        residences = Residence.objects.in_charter(charter).select_related("landlord", "territory")
        if walk is not None:
            residences = residences.order_by(
                # The walk's quarter first: the list a walker scrolls on a phone.
                _first(walk.territory_id),
                "territory__name",
                "name",
            )
            self.fields["territory"].initial = walk.territory_id
        _place_fields(self, charter, residences)
        self.fields["description"].widget.attrs["maxlength"] = str(MAX_DESCRIPTION)

    def clean_client_id(self):
        value = self.cleaned_data.get("client_id")
        if not value:
            return None
        try:
            return uuid.UUID(value)
        except ValueError as error:
            raise forms.ValidationError("Identifiant de saisie invalide.") from error

    def clean_observed_at(self):
        value = self.cleaned_data.get("observed_at")
        if value is None:
            return None
        now = timezone.now()
        if value > now + dt.timedelta(minutes=10) or value < now - OFFLINE_MAX_AGE:
            raise forms.ValidationError("La date de saisie de ce constat n'est pas plausible.")
        return value


def _first(territory_id):
    return Case(When(territory_id=territory_id, then=Value(0)), default=Value(1), output_field=IntegerField())


class WalkForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = WalkingDiagnostic
        fields = ["territory", "sector", "planned_on", "start_time", "meeting_point", "route", "summary"]
        widgets = {
            "planned_on": DATE_WIDGET,
            "start_time": TIME_WIDGET,
            "route": forms.Textarea(attrs={"rows": 3}),
            "summary": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, charter, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.charter = charter
        self.fields["territory"].queryset = charter.territories.all()
        _charter_choice(self, "territory")
        if self.instance.pk is None:
            del self.fields["summary"]


class WalkMemberForm(PlatformFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label="Organisation", queryset=None, required=False, empty_label="—"
    )
    user = forms.ModelChoiceField(
        label="Compte sur la plateforme",
        queryset=None,
        required=False,
        empty_label="—",
        help_text="Avec un compte, la personne saisit des constats pendant le diagnostic.",
    )
    full_name = forms.CharField(label="Nom", max_length=150, required=False)
    capacity = forms.CharField(
        label="Qualité",
        max_length=150,
        required=False,
        help_text="Par exemple : représentante des habitants.",
    )

    def __init__(self, *args, walk, **kwargs):
        super().__init__(*args, **kwargs)
        partners = Organisation.objects.in_charter(walk.charter_id)
        self.fields["organisation"].queryset = partners
        self.fields["user"].queryset = (
            User.objects.filter(is_active=True, organisation__in=partners.values("pk"))
            .select_related("organisation")
            .order_by("organisation__name", "last_name", "username")
        )
        self.fields["user"].label_from_instance = lambda u: (
            f"{u.get_full_name() or u.username} ({u.organisation})"
        )
        _charter_choice(self, "organisation", "user")

    def clean(self):
        data = super().clean()
        if not (data.get("organisation") or data.get("user") or (data.get("full_name") or "").strip()):
            raise forms.ValidationError("Indiquez au moins un nom, un compte ou une organisation.")
        return data


class TransitionForm(PlatformFormMixin, forms.Form):
    """A change of state of a finding, among those the user may make, with a comment and photos after."""

    to_state = forms.ChoiceField(label="Nouvel état", widget=forms.RadioSelect)
    comment = forms.CharField(
        label="Commentaire",
        max_length=MAX_DESCRIPTION,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photos = PhotoField(label="Photos après intervention", max_files=3)
    reject_reason = forms.ChoiceField(
        label="Motif du rejet", choices=[("", "—"), *RejectReason.choices], required=False
    )
    duplicate_of = forms.IntegerField(
        label="Doublon du constat n°", required=False, min_value=1, max_value=2**53
    )

    def __init__(self, *args, finding, allowed: list[str], **kwargs):
        super().__init__(*args, versioned=finding, **kwargs)
        self.finding = finding
        self.fields["to_state"].choices = [(state, VERBS.get(state, state)) for state in allowed]

    def clean(self):
        data = super().clean()
        number = data.get("duplicate_of")
        data["duplicate"] = None
        if number:
            data["duplicate"] = Finding.objects.filter(charter_id=self.finding.charter_id, pk=number).first()
            if data["duplicate"] is None:
                self.add_error("duplicate_of", "Aucun constat de ce numéro dans la charte.")
        return data


class RerouteForm(PlatformFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(label="Organisation chargée", queryset=None)
    service = forms.CharField(label="Service", max_length=150, required=False)
    reason = forms.CharField(label="Motif", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, finding, **kwargs):
        super().__init__(*args, versioned=finding, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.in_charter(finding.charter_id)
        self.fields["organisation"].initial = finding.assigned_to_id
        _charter_choice(self, "organisation")


class ActionFromFindingForm(PlatformFormMixin, forms.Form):
    sheet = forms.ModelChoiceField(label="Fiche projet", queryset=None)
    title = forms.CharField(label="Intitulé de l'action", max_length=300)
    lead = forms.ModelChoiceField(label="Porteur", queryset=None, required=False)
    starts_on = forms.DateField(label="Début", widget=DATE_WIDGET)
    due_on = forms.DateField(label="Échéance", widget=DATE_WIDGET)

    def __init__(self, *args, finding, user, coordinator: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sheet"].queryset = ProjectSheet.objects.editable_by(user).filter(
            charter=finding.charter_id
        )
        self.fields["sheet"].initial = finding.category.sheet_id
        self.fields["lead"].queryset = Organisation.objects.in_charter(finding.charter_id)
        self.fields["lead"].initial = finding.assigned_to_id
        if not coordinator:
            self.fields["lead"].disabled = True
            self.fields["lead"].initial = user.organisation_id
            self.fields["lead"].help_text = "Votre organisation porte l'action."
        today = timezone.localdate()
        self.fields["title"].initial = f"{finding.category} — {finding.place_label}"[:300]
        self.fields["starts_on"].initial = today
        self.fields["due_on"].initial = (
            finding.due_on if finding.due_on and finding.due_on >= today else today
        )
        _charter_choice(self, "sheet", "lead")

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("due_on") and data["due_on"] < data["starts_on"]:
            self.add_error("due_on", "L'échéance doit être postérieure ou égale à la date de début.")
        for name in ("starts_on", "due_on"):
            if data.get(name) and not 2000 <= data[name].year <= 2100:
                self.add_error(name, "Choisissez une date entre 2000 et 2100.")
        return data


class LinkActionForm(PlatformFormMixin, forms.Form):
    action = forms.ModelChoiceField(label="Action du plan", queryset=None)

    def __init__(self, *args, finding, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = (
            Action.objects.visible_to(user)
            .filter(sheet__charter=finding.charter_id)
            .select_related("sheet")
            .order_by("sheet__number", "title")
        )
        self.fields["action"].label_from_instance = lambda a: f"Fiche {a.sheet.number} — {a.title}"
        _charter_choice(self, "action")


class ModerationForm(PlaceFieldsMixin, PlatformFormMixin, forms.Form):
    """The coordinator reads an inhabitant's report: corrects it (a text without personal data), then
    accepts it (it is routed) or rejects it."""

    decision = forms.ChoiceField(
        label="Décision",
        choices=[("accept", "Accepter et orienter"), ("reject", "Rejeter")],
        widget=forms.RadioSelect,
        initial="accept",
    )
    category = forms.ModelChoiceField(label="Catégorie", queryset=Category.objects.none())
    place_kind = forms.ChoiceField(label="Lieu", choices=PlaceKind.choices, widget=forms.RadioSelect)
    territory = forms.ModelChoiceField(label="Quartier", queryset=None)
    residence = forms.ModelChoiceField(label="Résidence", queryset=Residence.objects.none(), required=False)
    place_note = forms.CharField(label="Précisions sur le lieu", max_length=200, required=False)
    description = forms.CharField(
        label="Description",
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Retirez-en toute donnée personnelle avant de publier.",
    )
    is_public = forms.BooleanField(label="Publier (sans donnée personnelle)", required=False)
    reject_reason = forms.ChoiceField(
        label="Motif du rejet", choices=[("", "—"), *RejectReason.choices], required=False
    )
    duplicate_of = forms.IntegerField(
        label="Doublon du constat n°", required=False, min_value=1, max_value=2**53
    )
    comment = forms.CharField(label="Note interne", max_length=500, required=False)

    def __init__(self, *args, finding, **kwargs):
        super().__init__(*args, versioned=finding, **kwargs)
        self.finding = finding
        charter = finding.charter
        _place_fields(
            self, charter, Residence.objects.in_charter(charter).select_related("landlord", "territory")
        )
        self.fields["category"].queryset = Category.objects.filter(charter=charter)
        if not self.is_bound:
            self.initial |= {
                "category": finding.category_id,
                "place_kind": finding.place_kind,
                "territory": finding.territory_id,
                "residence": finding.residence_id,
                "place_note": finding.place_note,
                "description": finding.description,
            }

    def clean(self):
        data = super().clean()
        data["duplicate"] = None
        if data.get("decision") == "reject":
            if not data.get("reject_reason"):
                self.add_error("reject_reason", "Indiquez le motif du rejet.")
            if data.get("duplicate_of"):
                data["duplicate"] = Finding.objects.filter(
                    charter_id=self.finding.charter_id, pk=data["duplicate_of"]
                ).first()
                if data["duplicate"] is None:
                    self.add_error("duplicate_of", "Aucun constat de ce numéro dans la charte.")
        return data


class CategoryForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = Category
        fields = ["label", "code", "description", "target_days", "sheet", "order", "is_active"]

    def __init__(self, *args, charter, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.charter = charter
        self.fields["sheet"].queryset = charter.project_sheets.all()
        self.fields["target_days"].widget.attrs |= {"min": 1, "max": 365}
        _charter_choice(self, "sheet")
        if self.instance.pk:
            self.fields["code"].disabled = True  # the Open311 service_code partners' systems rely on

    def clean_code(self):
        code = self.cleaned_data["code"]
        others = Category.objects.filter(charter=self.instance.charter, code=code).exclude(
            pk=self.instance.pk
        )
        if others.exists():
            raise forms.ValidationError("Une catégorie porte déjà ce code dans cette charte.")
        return code


class RoutingRuleForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = RoutingRule
        fields = ["category", "place_kind", "assignee", "organisation", "service"]
        widgets = {"place_kind": forms.RadioSelect, "assignee": forms.RadioSelect}

    def __init__(self, *args, charter, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.charter = charter
        self.fields["category"].queryset = Category.objects.filter(charter=charter)
        self.fields["category"].empty_label = "Toutes les catégories"
        self.fields["organisation"].queryset = Organisation.objects.in_charter(charter)
        _charter_choice(self, "category", "organisation")


class ApiKeyForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = ApiKey
        fields = ["organisation", "label"]

    def __init__(self, *args, charter, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.charter = charter
        self.fields["organisation"].queryset = Organisation.objects.in_charter(charter)
        _charter_choice(self, "organisation")


class WalkCheckForm(PlatformFormMixin, forms.Form):
    result = forms.ChoiceField(choices=CheckResult.choices)
    comment = forms.CharField(label="Commentaire", max_length=500, required=False)


# The public form --------------------------------------------------------------------------------------

REPORT_FORM_SALT = "diagnostics.report-form"
FORM_MAX_AGE = 2 * 3600
SPAM_MESSAGE = "Votre signalement n'a pas pu être enregistré. Rechargez la page et réessayez."


def form_token(started: float | None = None) -> str:
    """A signed note of when the form was shown: a form sent faster than a person could fill it is a robot."""
    return signing.dumps(
        {"t": round(started if started is not None else time.time(), 3)}, salt=REPORT_FORM_SALT
    )


def min_fill_seconds() -> float:
    return float(getattr(settings, "GUSP_REPORT_MIN_SECONDS", 3))


class ReportForm(PlaceFieldsMixin, PlatformFormMixin, forms.Form):
    """An inhabitant's report: no account, a quarter, a place, photos, an optional e-mail address to be told
    of the outcome. Robots are stopped by a field people do not see (`website`) and a minimum fill time."""

    text_max = MAX_DESCRIPTION
    territory = forms.ModelChoiceField(label="Quartier", queryset=None, empty_label="Choisir…")
    category = forms.ModelChoiceField(
        label="Nature du problème", queryset=Category.objects.none(), empty_label="Choisir…"
    )
    place_kind = forms.ChoiceField(label="Où ?", choices=PlaceKind.choices, widget=forms.RadioSelect)
    residence = forms.ModelChoiceField(
        label="Résidence", queryset=Residence.objects.none(), required=False, empty_label="—"
    )
    place_note = forms.CharField(
        label="Précisions sur le lieu",
        max_length=200,
        required=False,
        help_text="Une rue, un repère (pas de nom de personne).",
    )
    latitude = forms.FloatField(label="Latitude", required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(label="Longitude", required=False, min_value=-180, max_value=180)
    location_source = forms.ChoiceField(
        choices=LocationSource.choices, required=False, widget=forms.HiddenInput
    )
    description = forms.CharField(
        label="Description",
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Décrivez le problème, sans nommer personne.",
    )
    photos = PhotoField(max_files=MAX_REPORT_PHOTOS)
    email = forms.EmailField(
        label="Votre courriel (facultatif)",
        required=False,
        max_length=254,
        help_text=(
            "Seulement pour vous prévenir quand le problème sera traité. Il n'est montré à aucun partenaire, "
            "n'est jamais publié, et il est effacé dès la clôture du signalement (au plus tard 7 jours après "
            "la clôture, et dans tous les cas 12 mois après l'envoi)."
        ),
    )
    website = forms.CharField(label="Ne remplissez pas ce champ", required=False, max_length=200)
    started = forms.CharField(widget=forms.HiddenInput, max_length=300)

    def __init__(self, *args, charter, **kwargs):
        super().__init__(*args, **kwargs)
        self.charter = charter
        _place_fields(
            self,
            charter,
            Residence.objects.visible_to(None)
            .filter(territory__charter=charter)
            .select_related("landlord", "territory")
            .order_by("territory__name", "name"),
        )
        self.fields["territory"].queryset = charter.territories.filter(is_published=True)
        self.fields["territory"].required = True
        self.fields["residence"].label_from_instance = lambda r: f"{r.name} — {r.territory} ({r.landlord})"
        self.fields["website"].widget.attrs |= {"tabindex": "-1", "autocomplete": "off"}
        if not self.is_bound:
            self.initial["started"] = form_token()

    def clean(self):
        data = super().clean()
        if (data.get("website") or "").strip():
            raise forms.ValidationError(SPAM_MESSAGE, code="spam")
        try:
            started = signing.loads(data.get("started") or "", salt=REPORT_FORM_SALT, max_age=FORM_MAX_AGE)[
                "t"
            ]
        except (signing.BadSignature, KeyError, TypeError) as error:
            raise forms.ValidationError(
                "Ce formulaire a expiré : rechargez la page pour signaler le problème.", code="expired"
            ) from error
        if time.time() - float(started) < min_fill_seconds():
            raise forms.ValidationError(SPAM_MESSAGE, code="too_fast")
        return data
