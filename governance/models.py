"""Committees of a charter (section VI), their members, and their meetings: agenda, invitations,
attendance, minutes and decisions; private calendar feeds and rhythm reminders.

Agenda items and decisions point to project sheets (`actions.ProjectSheet`). When `actions.Action`
exists, an optional `action` foreign key on `AgendaItem` and an `actions` many-to-many field on
`Decision` sit next to the sheet links: nothing else in this app depends on the link being a sheet.
"""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from charter.models import Amendment, Charter, Organisation, Theme
from gusp.core.archive import ArchivableModel
from gusp.core.versions import VersionedModel

from .choices import (  # noqa: F401 - re-exported
    CHARTER_MINIMUMS,
    AttendanceStatus,
    CommitteeKind,
    InvitationMethod,
    MeetingStatus,
    MemberRole,
    ReminderState,
)
from .querysets import (
    AgendaItemQuerySet,
    CalendarFeedQuerySet,
    CommitteeMemberQuerySet,
    CommitteeQuerySet,
    DecisionQuerySet,
    MeetingQuerySet,
)

# Plausible rhythms: at most a meeting a week, at least one every two years.
MAX_MEETINGS_PER_YEAR = 52
MAX_MONTHS_BETWEEN_MEETINGS = 24


class Committee(ArchivableModel, VersionedModel):
    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="committees")
    kind = models.CharField("nature", max_length=30, choices=CommitteeKind.choices)
    name = models.CharField("nom", max_length=250)
    theme = models.ForeignKey(
        Theme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="working_groups",
        verbose_name="thème prioritaire",
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sub_groups",
        verbose_name="groupe parent",
        help_text="Pour un sous-groupe : le groupe de travail dont il dépend.",
    )
    chairs = models.CharField("présidence / animation", max_length=300, blank=True)
    rule = models.CharField("règle de fonctionnement", max_length=500, blank=True)
    min_meetings_per_year = models.PositiveSmallIntegerField(
        "réunions minimales par an",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MEETINGS_PER_YEAR)],
        help_text=f"Entre 1 et {MAX_MEETINGS_PER_YEAR}.",
    )
    max_months_between_meetings = models.PositiveSmallIntegerField(
        "écart maximal entre deux réunions (mois)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MONTHS_BETWEEN_MEETINGS)],
        help_text=f"Entre 1 et {MAX_MONTHS_BETWEEN_MEETINGS} mois.",
    )
    venue = models.CharField("lieu habituel", max_length=200, blank=True)
    rhythm_note = models.TextField(
        "lecture du rythme",
        blank=True,
        help_text="Comment la plateforme lit le rythme que la charte donne à l'instance, quand il n'est pas "
        "explicite.",
    )
    history = HistoricalRecords()

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = "instance"
        ordering = ["charter", "kind", "name"]
        constraints = [
            # The rhythm is computed from these two numbers on every committee page: keep them sane.
            models.CheckConstraint(
                condition=Q(min_meetings_per_year__isnull=True)
                | Q(min_meetings_per_year__gte=1, min_meetings_per_year__lte=MAX_MEETINGS_PER_YEAR),
                name="committee_meetings_per_year_range",
            ),
            models.CheckConstraint(
                condition=Q(max_months_between_meetings__isnull=True)
                | Q(
                    max_months_between_meetings__gte=1,
                    max_months_between_meetings__lte=MAX_MONTHS_BETWEEN_MEETINGS,
                ),
                name="committee_months_between_meetings_range",
            ),
            models.UniqueConstraint(
                fields=["charter", "kind"],
                condition=Q(kind__in=["steering", "technical"]),
                name="one_steering_and_technical_committee_per_charter",
                violation_error_message="Cette charte a déjà son comité de pilotage ou son comité technique.",
            ),
            models.UniqueConstraint(
                fields=["theme"],
                condition=Q(kind="working_group", parent__isnull=True),
                name="one_working_group_per_theme",
                violation_error_message="Ce thème a déjà son groupe de travail : créez plutôt un sous-groupe.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:committee_detail", args=[self.pk])

    @property
    def is_working_group(self) -> bool:
        return self.kind == CommitteeKind.WORKING_GROUP

    @property
    def is_public(self) -> bool:
        return self.kind == CommitteeKind.PUBLIC_MEETING

    def clean(self):
        """The charter's rules on committees: working groups per theme (sub-groups one level down), and a
        rhythm never looser than the charter's minimum (filled in when left blank)."""
        errors = {}
        if self.is_working_group:
            if self.parent_id:
                parent = self.parent
                if parent.charter_id != self.charter_id or not parent.is_working_group or parent.parent_id:
                    errors["parent"] = "Un sous-groupe dépend d'un groupe de travail de la même charte."
                elif self.theme_id and self.theme_id != parent.theme_id:
                    errors["theme"] = "Un sous-groupe traite le thème de son groupe de travail."
                else:
                    self.theme_id = parent.theme_id
            elif not self.theme_id:
                errors["theme"] = "Un groupe de travail est rattaché à un thème prioritaire."
        else:
            if self.parent_id:
                errors["parent"] = "Seul un groupe de travail peut être un sous-groupe."
            if self.theme_id:
                errors["theme"] = "Seul un groupe de travail est rattaché à un thème prioritaire."
        if self.theme_id and "theme" not in errors and self.theme.charter_id != self.charter_id:
            errors["theme"] = "Ce thème n'appartient pas à cette charte."

        per_year, max_months = CHARTER_MINIMUMS.get(self.kind, (None, None))
        if per_year:
            if self.min_meetings_per_year is None:
                self.min_meetings_per_year = per_year
            elif self.min_meetings_per_year < per_year:
                errors["min_meetings_per_year"] = (
                    f"La charte impose au moins {per_year} réunions par an à cette instance."
                )
        if max_months:
            if self.max_months_between_meetings is None:
                self.max_months_between_meetings = max_months
            elif self.max_months_between_meetings > max_months:
                errors["max_months_between_meetings"] = (
                    f"La charte impose au moins une réunion tous les {max_months} mois à cette instance."
                )
        if errors:
            raise ValidationError(errors)


class CommitteeMember(VersionedModel):
    """A seat in a committee: a person of a partner organisation, with a role. A member who left keeps
    their seat for the record (`left_on`) but is no longer invited nor sees the committee's meetings."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="committee_seats", verbose_name="organisation"
    )
    full_name = models.CharField("nom", max_length=150, blank=True)
    position = models.CharField("fonction", max_length=200, blank=True)
    role = models.CharField("rôle", max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="committee_seats",
        verbose_name="compte sur la plateforme",
    )
    email = models.EmailField(
        "courriel pour les invitations",
        blank=True,
        help_text="À défaut, le courriel du compte sur la plateforme.",
    )
    joined_on = models.DateField("membre depuis le", null=True, blank=True)
    left_on = models.DateField("a quitté l'instance le", null=True, blank=True)
    # A seat held by a demonstration account, or made by the demonstration data (see Meeting.is_demo).
    is_demo = models.BooleanField("donnée de démonstration", default=False, editable=False)
    history = HistoricalRecords()

    objects = CommitteeMemberQuerySet.as_manager()

    class Meta:
        verbose_name = "membre d'instance"
        ordering = ["role", "organisation__name", "full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True)
                | Q(joined_on__isnull=True)
                | Q(left_on__gte=models.F("joined_on")),
                name="member_leaves_after_joining",
                violation_error_message="La date de départ ne peut précéder la date d'arrivée.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name or self.organisation} ({self.get_role_display()})"

    @property
    def contact_email(self) -> str:
        """Where invitations go: the seat's own address, else the account's."""
        if self.email:
            return self.email
        return self.user.email if self.user_id and self.user.is_active else ""

    def is_current(self, on=None) -> bool:
        """Holds the seat on that day (today by default): the Python twin of `current_q`, which the
        querysets use; a test checks they agree."""
        on = on or timezone.localdate()
        return (self.joined_on is None or self.joined_on <= on) and (
            self.left_on is None or self.left_on > on
        )


class CommitteeDuty(VersionedModel):
    """A yearly duty the charter gives a committee besides meeting, e.g. section VI: « le comité technique
    préparera annuellement la partie « GUSP » de l'appel à projet du CUCS ». Due every year of the charter's
    period by `due_month`/`due_day` (the charter gives no date: the due day is the platform's reading, said
    in `due_note`); whether it was done is recorded year by year (`DutyCompletion`), and
    `governance.duties.duty_years` says, year by year, where it stands."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="duties")
    title = models.CharField("obligation", max_length=250)
    text = models.TextField(
        "texte de la charte", blank=True, help_text="La phrase de la charte, telle qu'elle est écrite."
    )
    due_month = models.PositiveSmallIntegerField(
        "mois d'échéance", default=12, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    due_day = models.PositiveSmallIntegerField(
        "jour d'échéance",
        default=31,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text="Ramené au dernier jour du mois quand le mois est plus court.",
    )
    due_note = models.CharField("lecture de l'échéance", max_length=500, blank=True)
    order = models.PositiveSmallIntegerField("ordre", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "obligation annuelle"
        verbose_name_plural = "obligations annuelles"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class DutyCompletion(models.Model):
    """A yearly duty done for one year."""

    duty = models.ForeignKey(CommitteeDuty, on_delete=models.CASCADE, related_name="completions")
    year = models.PositiveSmallIntegerField(
        "année", validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    done_on = models.DateField("faite le")
    note = models.CharField("précisions", max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "obligation accomplie"
        verbose_name_plural = "obligations accomplies"
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(
                fields=["duty", "year"],
                name="one_completion_per_duty_and_year",
                violation_error_message="Cette obligation est déjà enregistrée comme faite pour cette année.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.duty} — {self.year}"


def new_uid() -> str:
    return f"{uuid.uuid4()}@gusp"


class Meeting(ArchivableModel, VersionedModel):
    """A meeting of a committee. `uid` and `sequence` identify its calendar event (RFC 5545): every
    change of time or place, and the cancellation, raise the sequence of the same event."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="meetings", verbose_name="instance"
    )
    subject = models.CharField("objet", max_length=250, blank=True)
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")
    place = models.CharField("lieu", max_length=250)
    status = models.CharField(
        "état", max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    uid = models.CharField(
        "identifiant iCalendar", max_length=255, unique=True, default=new_uid, editable=False
    )
    sequence = models.PositiveIntegerField("révision iCalendar", default=0, editable=False)
    invited_at = models.DateTimeField("invitations envoyées le", null=True, blank=True, editable=False)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    # Demonstration data (set by the loader of a data folder's demo/ files, never by a form): the record
    # is invented for the example, not in the charter, and shows a « démonstration » badge.
    is_demo = models.BooleanField("donnée de démonstration", default=False, editable=False)
    history = HistoricalRecords()

    objects = MeetingQuerySet.as_manager()

    charter_path = "committee__charter"
    archive_parents = ("committee",)
    archive_related = ("committee",)

    class Meta:
        verbose_name = "réunion"
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message="La fin de la réunion doit être postérieure à son début.",
            )
        ]
        indexes = [models.Index(fields=["committee", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting_detail", args=[self.pk])

    @property
    def title(self) -> str:
        return f"{self.committee.name} — {self.subject}" if self.subject else self.committee.name

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def is_held(self) -> bool:
        return self.status == MeetingStatus.HELD

    @property
    def is_public(self) -> bool:
        return self.committee.is_public

    @property
    def local_date(self):
        return timezone.localdate(self.starts_at)

    def refusal_to_mark_held(self, now=None) -> str | None:
        """Why the meeting cannot be declared held now, or None if it can: the one rule behind the
        « Déclarer tenue » button and `services.mark_held`."""
        if self.is_cancelled:
            return "Cette réunion est annulée : elle ne peut plus être modifiée."
        if self.is_held:
            return "Cette réunion est déjà déclarée tenue."
        if self.starts_at > (now or timezone.now()):
            return "Une réunion ne peut être déclarée tenue avant d'avoir commencé."
        return None


class AgendaItem(VersionedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField("ordre", default=0)
    title = models.CharField("point", max_length=250)
    description = models.TextField("précisions", blank=True)
    sheet = models.ForeignKey(
        "actions.ProjectSheet",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name="fiche projet",
    )
    action = models.ForeignKey(
        "actions.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name="action",
    )
    is_demo = models.BooleanField("donnée de démonstration", default=False, editable=False)
    history = HistoricalRecords()

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        verbose_name = "point de l'ordre du jour"
        verbose_name_plural = "ordre du jour"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(CommitteeMember, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField("présence", max_length=20, choices=AttendanceStatus.choices)
    is_demo = models.BooleanField("donnée de démonstration", default=False, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "présence"
        ordering = ["status", "member__organisation__name", "member__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_attendance_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member} : {self.get_status_display()}"


class Minutes(VersionedModel):
    """The compte rendu of a meeting. Each save raises `revision`; the PDF is rendered in the background
    for one revision (`pdf_revision`) and stored under MEDIA_ROOT, served only through a checked view."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField("compte rendu")
    revision = models.PositiveIntegerField("révision", default=1, editable=False)
    published_at = models.DateTimeField("publié le", null=True, blank=True, editable=False)
    pdf = models.FileField("PDF", upload_to="governance/minutes/", blank=True, editable=False)
    pdf_revision = models.PositiveIntegerField("révision du PDF", null=True, blank=True, editable=False)
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    is_demo = models.BooleanField("donnée de démonstration", default=False, editable=False)
    history = HistoricalRecords(excluded_fields=["pdf", "pdf_revision"])

    class Meta:
        verbose_name = "compte rendu"
        verbose_name_plural = "comptes rendus"

    def __str__(self) -> str:
        return f"Compte rendu — {self.meeting}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def pdf_ready(self) -> bool:
        """The PDF of the current revision is rendered and its file is in the storage."""
        return (
            bool(self.pdf) and self.pdf_revision == self.revision and self.pdf.storage.exists(self.pdf.name)
        )


class Decision(VersionedModel):
    """A decision taken at a meeting, linked to the sheets and actions it changes. A steering committee decision may
    prescribe an amendment of the charter (section VI), linked to it once the amendment is recorded."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    order = models.PositiveSmallIntegerField("ordre", default=0)
    text = models.TextField("décision")
    sheets = models.ManyToManyField(
        "actions.ProjectSheet", blank=True, related_name="decisions", verbose_name="fiches projets concernées"
    )
    actions = models.ManyToManyField(
        "actions.Action", blank=True, related_name="decisions", verbose_name="actions concernées"
    )
    prescribes_amendment = models.BooleanField("prescrit un avenant à la charte", default=False)
    amendment_summary = models.TextField("objet de l'avenant prescrit", blank=True)
    amendment = models.ForeignKey(
        Amendment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name="avenant signé",
    )
    is_demo = models.BooleanField("donnée de démonstration", default=False, editable=False)
    history = HistoricalRecords(m2m_fields=[sheets, actions])

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = "décision"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Invitation(models.Model):
    """One e-mail sent to one member for one revision (sequence) of a meeting. The unique constraint is
    the idempotency key: a retried task finds the row and does not send twice."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey(CommitteeMember, on_delete=models.CASCADE, related_name="invitations")
    sequence = models.PositiveIntegerField("révision")
    method = models.CharField("nature", max_length=10, choices=InvitationMethod.choices)
    email = models.EmailField("envoyée à")
    sent_at = models.DateTimeField("envoyée le", auto_now_add=True)

    class Meta:
        verbose_name = "invitation"
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member", "sequence"], name="one_invitation_per_revision"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} → {self.email} (révision {self.sequence})"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret address of a user's private calendar. Regenerating revokes the previous address."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    revoked_at = models.DateTimeField("révoquée le", null=True, blank=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = "agenda privé"
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="one_active_feed_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"Agenda de {self.user}"

    def get_absolute_url(self) -> str:
        return reverse("governance:private_feed", args=[self.token])


class RhythmReminder(models.Model):
    """A reminder sent to the coordinators that a committee is about to miss (or missed) a due date.
    One per committee, due date and state ("soon", then "late"), so that the daily task never sends the
    same reminder twice but does tell when an announced miss has happened."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="rhythm_reminders")
    due_on = models.DateField("échéance")
    state = models.CharField("état", max_length=10, choices=ReminderState.choices, default=ReminderState.SOON)
    sent_at = models.DateTimeField("envoyé le", auto_now_add=True)

    class Meta:
        verbose_name = "rappel de rythme"
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "due_on", "state"], name="one_reminder_per_due_date_and_state"
            )
        ]

    def __str__(self) -> str:
        return f"{self.committee} — {self.due_on:%d/%m/%Y}"
