from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ProjectSheet


@admin.register(ProjectSheet)
class ProjectSheetAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "theme", "charter", "is_published"]
    list_filter = ["charter", "theme"]
