"""Pages of the victims database: the generic record pages (indicators.record_views) configured
for victim records (the coordinator's duplicates page is in victims.duplicate_views).

Every record is read through the scoped querysets (``visible_to`` / ``editable_by``): outside the
user's scope a record answers 404. Roles without victim records (prosecutors, analysts) get 403
on the pages and 404 for a record.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

from indicators.catalogue import VICTIMS
from indicators.record_views import (
    RecordCreateView,
    RecordDeleteView,
    RecordDetailView,
    RecordEditView,
    RecordListView,
    RecordRestoreView,
)
from indicators.rules import applies
from indicators.types import Context, type_of
from thb_data.accounts.models import Institution, Role
from traffickers.models import CriminalCase
from victims.forms import VictimRecordForm
from victims.models import VictimRecord
from victims.status_history import displayed_history

READ_ROLES = (Role.CASEWORKER, Role.COORDINATOR, Role.ADMIN)
DUPLICATE_WARNING = gettext_noop(
    "This person may already be registered: another record of your territory has the same "
    "personal code. Your national coordinator reviews possible duplicates."
)


class VictimRecordViewMixin:
    model = VictimRecord
    form_class = VictimRecordForm
    namespace = "victims"
    noun = gettext_noop("Victim record")
    read_roles = READ_ROLES
    shared_code_warning = DUPLICATE_WARNING

    def get_form_kwargs(self, *, record=None, complete=False) -> dict:
        kwargs = super().get_form_kwargs(record=record, complete=complete)
        user = self.request.user
        if record is None and user.role == Role.COORDINATOR:
            # The coordinator registers the record for one of the territory's institutions.
            kwargs["institutions"] = Institution.objects.visible_to(user).filter(
                territory_id=user.territory_id, is_active=True
            )
        return kwargs


class VictimRecordListView(VictimRecordViewMixin, RecordListView):
    template_name = "victims/list.html"
    list_title = "Victim records"
    deleted_title = "Deleted victim records"


class VictimRecordCreateView(VictimRecordViewMixin, RecordCreateView):
    template_name = "victims/form.html"


class VictimRecordEditView(VictimRecordViewMixin, RecordEditView):
    template_name = "victims/form.html"


def _sections(record, context: Context) -> list[dict]:
    values = record.indicator_values()
    sections = []
    for section in VICTIMS.sections:
        items = []
        for ind in VICTIMS.in_section(section.code):
            if ind.type == "system":
                continue  # the personal code hash and case links are never shown here
            if ind.condition is not None and not applies(VICTIMS, ind.code, values):
                continue
            text = type_of(ind).display(ind, values.get(ind.code), context)
            if text and values.get(f"{ind.code}_estimated"):
                text = f"{text} (estimated)"
            items.append(
                {
                    "code": ind.code,
                    "label": ind.label,
                    "value": text,
                    "derived": ind.type == "derived",
                }
            )
        sections.append({"code": section.code, "title": section.title, "items": items})
    return sections


def _case_links(record, user) -> dict:
    """How many criminal cases the record is linked to, and those the user may open."""
    count = CriminalCase.victims.through.objects.filter(victimrecord_id=record.pk).count()
    cases = []
    if count and (CriminalCase.can_be_edited_by(user) or user.role == Role.ADMIN):
        cases = list(
            CriminalCase.objects.visible_to(user).filter(victims=record).only("uuid", "reference")
        )
    return {"case_count": count, "cases": cases}


class VictimRecordDetailView(VictimRecordViewMixin, RecordDetailView):
    template_name = "victims/detail.html"

    def get_detail_context(self, record, context: Context) -> dict:
        user = self.request.user
        return {
            **_case_links(record, user),
            "sections": _sections(record, context),
            "status_history": displayed_history(record, context),
            "show_history": user.role in (Role.COORDINATOR, Role.ADMIN)
            or record.institution_id == user.institution_id,
        }


class VictimRecordDeleteView(VictimRecordViewMixin, RecordDeleteView):
    pass


class VictimRecordRestoreView(VictimRecordViewMixin, RecordRestoreView):
    pass


victim_record_list = VictimRecordListView.as_view()
victim_record_create = VictimRecordCreateView.as_view()
victim_record_detail = VictimRecordDetailView.as_view()
victim_record_edit = VictimRecordEditView.as_view()
victim_record_delete = VictimRecordDeleteView.as_view()
victim_record_restore = VictimRecordRestoreView.as_view()
