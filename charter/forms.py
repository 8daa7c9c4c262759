from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django_otp import devices_for_user, match_token

from gusp.core.forms import DATE_WIDGET, PlatformFormMixin

from . import services_accounts
from .choices import PERCENT_FIGURES, OrganisationKind, Role
from .models import (
    Amendment,
    Charter,
    CharterFigure,
    CharterReference,
    Correspondent,
    Organisation,
    Orientation,
    Partnership,
    Residence,
    Signature,
    SubTheme,
    Territory,
    TerritoryFigure,
    Theme,
    User,
)


def devices_for(user) -> list:
    """The confirmed second-factor devices of an account (TOTP authenticators)."""
    return list(devices_for_user(user, confirmed=True))


class CharterForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = Charter
        fields = ["title", "commune", "starts_on", "ends_on", "extension_rule", "summary", "is_published"]
        widgets = {"starts_on": DATE_WIDGET, "ends_on": DATE_WIDGET}

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on <= starts_on:
            self.add_error("ends_on", "La date de fin doit être postérieure à la date de début.")
        return data


class AmendmentForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = Amendment
        fields = ["number", "title", "signed_on", "starts_on", "extends_to", "description"]
        widgets = {"signed_on": DATE_WIDGET, "starts_on": DATE_WIDGET, "extends_to": DATE_WIDGET}

    def __init__(self, *args, charter: Charter, **kwargs):
        self.charter = charter
        super().__init__(*args, **kwargs)
        self.instance.charter = charter

    def clean(self):
        data = super().clean()
        starts_on, extends_to = data.get("starts_on"), data.get("extends_to")
        if starts_on and starts_on < self.charter.starts_on:
            self.add_error("starts_on", "Un avenant ne peut pas prendre effet avant le début de la charte.")
        if starts_on and extends_to and extends_to <= starts_on:
            self.add_error(
                "extends_to", "La date de fin de prolongation doit être postérieure à la prise d'effet."
            )
        if extends_to and extends_to <= self.charter.ends_on:
            self.add_error(
                "extends_to",
                "Une prolongation doit mener au-delà de la fin actuelle de la charte "
                f"({self.charter.ends_on:%d/%m/%Y}).",
            )
        number = data.get("number")
        if number and self.charter.amendments.filter(number=number).exclude(pk=self.instance.pk).exists():
            self.add_error("number", "Un avenant porte déjà ce numéro dans cette charte.")
        return data


class ReferenceForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = CharterReference
        fields = ["title", "details", "order"]

    def __init__(self, *args, charter: Charter, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.charter = charter


class SignatureForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = Signature
        fields = ["organisation", "representative", "representative_title", "signed_on", "order"]
        widgets = {"signed_on": DATE_WIDGET}

    def __init__(self, *args, charter: Charter, **kwargs):
        self.charter = charter
        super().__init__(*args, **kwargs)
        self.instance.charter = charter

    def clean_organisation(self):
        organisation = self.cleaned_data["organisation"]
        taken = self.charter.signatures.filter(organisation=organisation).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("Cette organisation a déjà signé la charte.")
        return organisation


class TerritoryForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = Territory
        fields = ["name", "phase", "description", "perimeter", "is_published"]


class FigureForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = TerritoryFigure
        fields = ["kind", "value", "year", "source", "note"]

    def __init__(self, *args, territory: Territory, **kwargs):
        self.territory = territory
        super().__init__(*args, **kwargs)
        self.instance.territory = territory

    def clean(self):
        data = super().clean()
        kind, year, value = data.get("kind"), data.get("year"), data.get("value")
        if (
            kind
            and "year" not in self.errors
            and self.territory.figures.filter(kind=kind, year=year).exclude(pk=self.instance.pk).exists()
        ):
            self.add_error(
                "year",
                "Cette donnée est déjà renseignée pour cette année."
                if year
                else "Cette donnée est déjà renseignée sans date.",
            )
        if kind in PERCENT_FIGURES and value is not None and value > 100:
            self.add_error("value", "Un pourcentage ne peut pas dépasser 100.")
        return data


class CharterFigureForm(PlatformFormMixin, forms.ModelForm):
    """A figure of the whole commune or perimeter (Annex 2), with the sentence of its source as written."""

    class Meta:
        model = CharterFigure
        fields = ["subject", "value", "unit", "text", "year", "source", "order"]

    def __init__(self, *args, charter: Charter, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.charter = charter
        if self.instance.pk is None:
            last = charter.figures.order_by("-order").values_list("order", flat=True).first()
            self.fields["order"].initial = (last or 0) + 1

    def clean(self):
        data = super().clean()
        value, unit = data.get("value"), (data.get("unit") or "").strip()
        if unit == "%" and value is not None and value > 100:
            self.add_error("value", "Un pourcentage ne peut pas dépasser 100.")
        return data


class ResidenceForm(PlatformFormMixin, forms.ModelForm):
    """The coordinator's form: every field, the territory chosen among the charter's own."""

    class Meta:
        model = Residence
        fields = ["name", "territory", "landlord", "dwellings", "address", "notes"]

    def __init__(self, *args, charter: Charter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = charter.territories.all()
        self.fields["territory"].error_messages["invalid_choice"] = (
            "Ce quartier n'existe pas dans cette charte : choisissez un quartier de la charte."
        )
        self.fields["landlord"].queryset = Organisation.objects.landlords()
        self.fields["landlord"].error_messages["invalid_choice"] = (
            "Choisissez un bailleur social de la liste."
        )


class LandlordResidenceForm(PlatformFormMixin, forms.ModelForm):
    """A landlord referent's form: the residence's own facts, not its quarter or landlord."""

    class Meta:
        model = Residence
        fields = ["name", "dwellings", "address", "notes"]


class CorrespondentForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = Correspondent
        fields = ["organisation", "full_name", "position", "email", "phone", "is_director"]

    def __init__(self, *args, charter: Charter, organisation: Organisation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.charter = charter
        if organisation is not None:
            # A referent manages their own organisation's correspondents only.
            self.fields["organisation"].queryset = Organisation.objects.filter(pk=organisation.pk)
            self.fields["organisation"].initial = organisation
        else:
            self.fields["organisation"].queryset = Organisation.objects.in_charter(charter)


class ThemeForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["code", "title", "description"]

    def clean_code(self):
        code = self.cleaned_data["code"]
        if (
            Theme.objects.filter(charter=self.instance.charter_id, code=code)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise forms.ValidationError("Un autre thème de cette charte porte déjà cette lettre.")
        return code


class OrientationForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = Orientation
        fields = ["sub_theme", "text", "order"]

    def __init__(self, *args, theme: Theme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.theme = theme
        self.fields["sub_theme"].queryset = theme.sub_themes.live()
        self.fields["sub_theme"].required = False


# Partners and accounts -----------------------------------------------------------------------------


class PartnerAddForm(PlatformFormMixin, forms.Form):
    """Add a partner to a charter: an organisation already known to the platform, or a new one."""

    organisation = forms.ModelChoiceField(
        label="Organisation existante",
        queryset=Organisation.objects.none(),
        required=False,
        help_text="Laissez vide pour créer une nouvelle organisation ci-dessous.",
    )
    name = forms.CharField(label="Nom de la nouvelle organisation", max_length=200, required=False)
    short_name = forms.CharField(label="Nom court", max_length=60, required=False)
    kind = forms.ChoiceField(
        label="Nature de la nouvelle organisation",
        choices=[("", "—"), *OrganisationKind.choices],
        required=False,
    )
    is_signatory = forms.BooleanField(label="Signataire de la charte", required=False)

    def __init__(self, *args, charter: Charter, **kwargs):
        super().__init__(*args, **kwargs)
        partners = Partnership.objects.live().filter(charter=charter).values("organisation")
        self.fields["organisation"].queryset = Organisation.objects.exclude(pk__in=partners).order_by("name")
        self.fields["organisation"].error_messages["invalid_choice"] = (
            "Cette organisation n'existe pas ou est déjà partenaire : choisissez-en une de la liste."
        )

    def clean(self):
        data = super().clean()
        organisation, name = data.get("organisation"), (data.get("name") or "").strip()
        if organisation and name:
            self.add_error("name", "Choisissez une organisation existante ou créez-en une, pas les deux.")
        elif not organisation and not name and not self.errors:
            self.add_error("organisation", "Choisissez une organisation, ou donnez le nom d'une nouvelle.")
        elif name and not data.get("kind"):
            self.add_error("kind", "Indiquez la nature de la nouvelle organisation.")
        return data


class OrganisationForm(PlatformFormMixin, forms.ModelForm):
    """A partner organisation's details, shared by every charter it takes part in (its address on the
    platform, the slug, does not change)."""

    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["invalid_choice"] = "Choisissez une nature de la liste."

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Organisation.objects.filter(name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Une autre organisation porte déjà ce nom.")
        return name


class PartnershipForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = Partnership
        fields = ["is_signatory"]


class InvitationForm(PlatformFormMixin, forms.Form):
    """Invite a person of one organisation: their account is created and they receive a link by e-mail."""

    email = forms.EmailField(label="Adresse électronique", max_length=254)
    first_name = forms.CharField(label="Prénom", max_length=150, required=False)
    last_name = forms.CharField(label="Nom", max_length=150, required=False)
    position = forms.CharField(label="Fonction", max_length=200, required=False)
    role = forms.ChoiceField(label="Rôle")

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(value, label) for value, label in Role.choices if value in roles]
        self.fields["role"].initial = Role.COMMITTEE_MEMBER
        self.fields["role"].error_messages["invalid_choice"] = (
            "Vous ne pouvez pas donner ce rôle : choisissez un rôle de la liste."
        )


class AccountRoleForm(PlatformFormMixin, forms.Form):
    role = forms.ChoiceField(label="Rôle", choices=Role.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].error_messages["invalid_choice"] = "Choisissez un rôle de la liste."


class InvitationAcceptForm(PlatformFormMixin, SetPasswordForm):
    """Choose the password of an invited account (Django's form: both entries, the password validators)."""


class LoginForm(PlatformFormMixin, AuthenticationForm):
    """The login form, with the code of the second factor for the accounts that set one up (required for
    operators): asked for only when the account has a confirmed authenticator."""

    otp_token = forms.CharField(
        label="Code de l'application d'authentification",
        max_length=8,
        required=False,
        help_text="Six chiffres, si vous avez activé la double authentification.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    otp_device = None

    def clean(self):
        data = super().clean()
        user = self.get_user()
        if user is not None and devices_for(user):
            token = (data.get("otp_token") or "").strip().replace(" ", "")
            if not token:
                raise forms.ValidationError(
                    "Ce compte est protégé par la double authentification : saisissez le code à six chiffres "
                    "de votre application.",
                    code="otp_required",
                )
            self.otp_device = match_token(user, token)
            if self.otp_device is None:
                raise forms.ValidationError(
                    "Ce code n'est pas valide ou a expiré : saisissez le code affiché maintenant.",
                    code="otp_invalid",
                )
        return data


class OtpConfirmForm(PlatformFormMixin, forms.Form):
    token = forms.CharField(
        label="Code affiché par l'application",
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, device, **kwargs):
        self.device = device
        super().__init__(*args, **kwargs)

    def clean_token(self):
        token = self.cleaned_data["token"].strip().replace(" ", "")
        if not self.device.verify_token(token):
            raise forms.ValidationError("Ce code n'est pas valide : saisissez le code affiché maintenant.")
        return token


class OtpDisableForm(PlatformFormMixin, forms.Form):
    password = forms.CharField(label="Votre mot de passe", widget=forms.PasswordInput, max_length=200)

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("Ce mot de passe n'est pas le vôtre.")
        return password


class ThemeCreateForm(ThemeForm):
    def __init__(self, *args, charter: Charter, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.charter = charter


class SubThemeForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = SubTheme
        fields = ["title", "order"]

    def __init__(self, *args, theme: Theme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.theme = theme


# Operators ------------------------------------------------------------------------------------------


class CharterCreateForm(CharterForm):
    """An operator's new charter: empty, or with the structure of another charter."""

    copy_from = forms.ModelChoiceField(
        label="Reprendre la structure de la charte",
        queryset=Charter.objects.none(),
        required=False,
        help_text="Thèmes, sous-thèmes, orientations, trame des fiches projets (numéros, intitulés, thèmes, "
        "sans contenu), instances et leurs règles. Laissez vide pour une charte vide.",
    )
    coordinators = forms.ModelMultipleChoiceField(
        label="Chargé(e)s de mission GUSP",
        queryset=User.objects.none(),
        required=False,
        help_text="Comptes existants ; d'autres pourront être invités depuis la page des partenaires.",
    )

    class Meta(CharterForm.Meta):
        pass

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["copy_from"].queryset = Charter.objects.order_by("-starts_on", "title")
        self.fields["coordinators"].queryset = User.objects.filter(
            is_active=True, organisation__isnull=False
        ).order_by("last_name", "username")


class CoordinatorsForm(PlatformFormMixin, forms.Form):
    coordinators = forms.ModelMultipleChoiceField(
        label="Chargé(e)s de mission GUSP", queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, charter: Charter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinators"].queryset = User.objects.filter(
            is_active=True, organisation__isnull=False
        ).order_by("last_name", "username")
        self.fields["coordinators"].initial = list(
            charter.coordination_group.user_set.values_list("pk", flat=True)
        )


class QueuedPasswordResetForm(PlatformFormMixin, PasswordResetForm):
    """Django's password reset form, whose e-mail is a durable job (`charter.tasks.send_password_reset`)
    instead of being sent inside the request. As Django's, it says the same whether the address is known
    or not."""

    def save(self, *args, **kwargs):
        for user in self.get_users(self.cleaned_data["email"]):
            services_accounts.queue_password_reset(user=user)


class PasswordChangeForm(PlatformFormMixin, auth_forms.PasswordChangeForm):
    pass
