from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ConventionQuarter, TfpbAction, TfpbConvention, TfpbReport


class QuarterInline(admin.TabularInline):
    model = ConventionQuarter
    extra = 0


@admin.register(TfpbConvention)
class TfpbConventionAdmin(SimpleHistoryAdmin):
    list_display = ["landlord", "charter", "start_year", "end_year", "is_demo"]
    list_filter = ["charter"]
    list_select_related = ["landlord", "charter"]
    inlines = [QuarterInline]


@admin.register(TfpbReport)
class TfpbReportAdmin(SimpleHistoryAdmin):
    """Read here: reports change through the platform's pages (validation goes through the services)."""

    list_display = ["__str__", "year", "state", "published_at", "is_demo"]
    list_filter = ["year", "state"]
    list_select_related = ["quarter__convention__landlord", "quarter__territory"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


admin.site.register(TfpbAction, SimpleHistoryAdmin)
