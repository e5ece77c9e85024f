"""Victim records in the back office: list, search by record number, filters, soft delete and
restore. Records change only through the application's forms."""

from django.contrib import admin

from thb_data.admin import ReadOnlyRecordAdmin
from victims.models import VictimRecord


@admin.register(VictimRecord)
class VictimRecordAdmin(ReadOnlyRecordAdmin):
    pass
