from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Financer, FundingCommitment, MissionBudget, Payment, TablePublication


@admin.register(Financer)
class FinancerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "organisation", "charter"]
    list_filter = ["charter", "kind"]
    list_select_related = ["organisation", "charter"]


class PaymentInline(admin.TabularInline):
    model = Payment
    extra = 0
    readonly_fields = ["paid_on", "amount", "reference"]  # payments go through the services (sums kept)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(FundingCommitment)
class FundingCommitmentAdmin(SimpleHistoryAdmin):
    """Read here, written through the platform's pages: its services keep the paid and deducted sums."""

    list_display = ["financer", "sheet", "year", "amount", "state", "paid_total", "deducted", "is_demo"]
    list_filter = ["charter", "year", "state", "is_demo"]
    list_select_related = ["financer", "sheet"]
    readonly_fields = ["paid_total", "deducted", "is_demo"]
    inlines = [PaymentInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


admin.site.register(MissionBudget, SimpleHistoryAdmin)
admin.site.register(TablePublication, SimpleHistoryAdmin)

from .tfpb import admin as tfpb_admin  # noqa: E402, F401 - registers the TFPB programmes' admin
