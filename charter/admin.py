from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from guardian.admin import GuardedModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from . import models, services


@admin.register(models.User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "last_name", "first_name", "organisation", "role", "is_staff"]
    list_filter = ["role", "organisation", "is_staff"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("GUSP", {"fields": ["organisation", "role", "position", "is_operator"]}),
    )


@admin.register(models.Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            created = services.create_organisation(
                name=obj.name, kind=obj.kind, short_name=obj.short_name, slug=obj.slug
            )
            obj.pk, obj.group = created.pk, created.group


class SignatureInline(admin.TabularInline):
    model = models.Signature
    extra = 0


class AmendmentInline(admin.TabularInline):
    model = models.Amendment
    extra = 0


@admin.register(models.Charter)
class CharterAdmin(GuardedModelAdmin, SimpleHistoryAdmin):
    list_display = ["title", "commune", "starts_on", "ends_on", "is_published"]
    prepopulated_fields = {"slug": ["commune"]}
    inlines = [SignatureInline, AmendmentInline]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            fields = {f: getattr(obj, f) for f in ["extension_rule", "summary", "is_published"]}
            created = services.create_charter(
                title=obj.title,
                commune=obj.commune,
                starts_on=obj.starts_on,
                ends_on=obj.ends_on,
                slug=obj.slug,
                **fields,
            )
            obj.pk, obj.coordination_group = created.pk, created.coordination_group


@admin.register(models.Territory)
class TerritoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "charter", "phase", "is_published"]
    list_filter = ["charter", "phase"]


@admin.register(models.Residence)
class ResidenceAdmin(GuardedModelAdmin, SimpleHistoryAdmin):
    list_display = ["name", "territory", "landlord", "dwellings"]
    list_filter = ["landlord", "territory__charter"]
    list_select_related = ["territory", "landlord"]

    def save_model(self, request, obj, form, change):
        services.save_residence(residence=obj)


admin.site.register(models.Correspondent, SimpleHistoryAdmin)
admin.site.register(models.Theme, SimpleHistoryAdmin)
admin.site.register(models.SubTheme, SimpleHistoryAdmin)
admin.site.register(models.Orientation, SimpleHistoryAdmin)
admin.site.register(models.TerritoryFigure, SimpleHistoryAdmin)
admin.site.register(models.CharterFigure, SimpleHistoryAdmin)
admin.site.register(models.CharterReference)
admin.site.site_header = "Administration de la plateforme GUSP"
