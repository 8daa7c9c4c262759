from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models


@admin.register(models.Category)
class CategoryAdmin(SimpleHistoryAdmin):
    list_display = ["label", "code", "charter", "target_days", "is_active"]
    list_filter = ["charter", "is_active"]


@admin.register(models.RoutingRule)
class RoutingRuleAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "charter"]
    list_filter = ["charter", "place_kind"]


class WalkMemberInline(admin.TabularInline):
    model = models.WalkMember
    extra = 0


@admin.register(models.WalkingDiagnostic)
class WalkAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "charter", "planned_on", "is_demo"]
    list_filter = ["charter", "territory"]
    inlines = [WalkMemberInline]


@admin.register(models.Finding)
class FindingAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "category", "territory", "state", "assigned_to", "due_on", "source"]
    list_filter = ["charter", "state", "source", "category"]
    # Readable here; changed only through the platform's pages (the state machine and its history).
    readonly_fields = [f.name for f in models.Finding._meta.fields]


@admin.register(models.Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["finding", "submitted_at", "moderated_at"]
    # The reporter's address is shown on the coordinator's moderation page only.
    exclude = ["email", "form_digest"]
    readonly_fields = ["finding", "email_deleted_at", "notified_at", "moderated_at", "moderated_by"]


@admin.register(models.Perimeter)
class PerimeterAdmin(admin.ModelAdmin):
    list_display = ["territory", "code", "is_approximate", "imported_at"]


@admin.register(models.ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["organisation", "charter", "label", "prefix", "created_at", "revoked_at"]
    readonly_fields = ["prefix", "created_by", "created_at", "revoked_at", "last_used_at"]
