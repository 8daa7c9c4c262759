from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Committee, CommitteeMember


class MemberInline(admin.TabularInline):
    model = CommitteeMember
    extra = 0


@admin.register(Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "charter"]
    list_filter = ["charter", "kind"]
    inlines = [MemberInline]
