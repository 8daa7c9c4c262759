from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Action, Attachment, Indicator, Intervention, Measurement, Milestone, ProjectSheet


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(ProjectSheet)
class ProjectSheetAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "theme", "status", "charter", "is_published"]
    list_filter = ["charter", "theme", "status"]
    inlines = [MilestoneInline]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "sheet", "lead", "status", "progress", "due_on"]
    list_filter = ["status", "sheet__charter"]
    list_select_related = ["sheet", "lead"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    readonly_fields = ["original_name", "content_type", "size", "width", "height"]


@admin.register(Intervention)
class InterventionAdmin(SimpleHistoryAdmin):
    list_display = ["done_on", "action", "author", "residence"]
    inlines = [AttachmentInline]


admin.site.register(Indicator, SimpleHistoryAdmin)
admin.site.register(Measurement, SimpleHistoryAdmin)
