from django.contrib import admin

from .models import MeetingNotice, Synthesis


@admin.register(Synthesis)
class SynthesisAdmin(admin.ModelAdmin):
    list_display = ["__str__", "variant", "requested_by", "requested_at", "pages", "published_at"]
    list_filter = ["variant", "charter"]
    list_select_related = ["charter", "theme", "territory", "requested_by"]
    readonly_fields = ["file", "checksum", "size", "pages", "state_on", "finished_at", "published_at", "key"]
    raw_id_fields = ["source", "meeting", "requested_by", "job"]


@admin.register(MeetingNotice)
class MeetingNoticeAdmin(admin.ModelAdmin):
    list_display = ["meeting", "email", "sent_at"]
    raw_id_fields = ["meeting"]
