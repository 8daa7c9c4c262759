from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AgendaItem, Attendance, Committee, CommitteeMember, Decision, Invitation, Meeting, Minutes


class MemberInline(admin.TabularInline):
    model = CommitteeMember
    extra = 0


@admin.register(Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "charter"]
    list_filter = ["charter", "kind"]
    inlines = [MemberInline]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    raw_id_fields = ["sheet"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["member"]


class DecisionInline(admin.StackedInline):
    model = Decision
    extra = 0
    raw_id_fields = ["amendment"]
    filter_horizontal = ["sheets"]


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    can_delete = False
    readonly_fields = ["member", "sequence", "method", "email", "sent_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["starts_at", "committee", "place", "status", "sequence"]
    list_filter = ["status", "committee__kind", "committee__charter"]
    readonly_fields = ["uid", "sequence", "invited_at"]
    inlines = [AgendaItemInline, AttendanceInline, DecisionInline, InvitationInline]


@admin.register(Minutes)
class MinutesAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "revision", "published_at", "pdf_revision"]
    readonly_fields = ["revision", "published_at", "pdf", "pdf_revision"]
