from django.contrib import admin

from matchwise.programs.models import ProgramRecord


@admin.register(ProgramRecord)
class ProgramRecordAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "specialty", "state", "positions", "demo")
    list_filter = ("specialty", "demo", "region")
    search_fields = ("code", "name", "institution", "city")
