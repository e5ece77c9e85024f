"""The data dictionary: every indicator of both databases, its page, and the downloads.

Open to every signed-in role, analysts included: the dictionary holds no record. National code
list entries shown on an indicator's page are those of the signed-in user's territory only.
"""

from dataclasses import replace

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from indicators import dictionary, i18n
from indicators.catalogue import CODE_LISTS, DATABASES, NATIONAL_LISTS
from indicators.catalogue.versions import CATALOGUE_VERSION, changes
from indicators.models import NationalCodeEntry
from indicators.schema import CONFIDENCE_TAGS
from thb_data.languages import review_status

CSV_NAME = "thb-data-dictionary.csv"
XLSX_NAME = "thb-data-dictionary.xlsx"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def index(request):
    databases = []
    for database in DATABASES.values():
        sections = [
            {
                "section": section,
                "indicators": [
                    {
                        "ind": ind,
                        "type_label": dictionary.TYPE_LABELS[ind.type],
                        "confidence_meaning": CONFIDENCE_TAGS.get(ind.confidence, ""),
                    }
                    for ind in database.in_section(section.code)
                ],
            }
            for section in database.sections
        ]
        databases.append({"database": database, "sections": sections})
    return render(
        request,
        "indicators/index.html",
        {
            "databases": databases,
            "confidence_tags": CONFIDENCE_TAGS,
            "version": dictionary.version_text(),
            "changes": changes(),
            "languages": review_status(),
        },
    )


@login_required
def detail(request, code):
    found = dictionary.find_indicator(code)
    if found is None:
        raise Http404("No such indicator.")
    database, ind = found
    national = None
    if dictionary.is_national(ind):
        national = {
            "list": NATIONAL_LISTS[ind.code_list],
            "territory": request.user.territory,
            "entries": _national_entries(request.user, ind.code_list),
        }
    condition_parent = database.get(ind.condition.indicator) if ind.condition else None
    context = {
        "database": database,
        "ind": ind,
        "section_title": dictionary.section_title(database, ind.section),
        "stage_title": dictionary.stage_title(database, ind.stage),
        "type_label": dictionary.TYPE_LABELS[ind.type],
        "level_label": dictionary.LEVEL_LABELS.get(ind.level, ind.level),
        "unit": dictionary.unit_text(ind),
        "categories": [
            replace(
                row,
                label=i18n.choice_label(ind, row.code, row.label),
                definition=i18n.text(row.definition),
            )
            for row in dictionary.categories(ind)
        ],
        "countries": ind.type in ("country", "countries"),
        "country_categories": dictionary.COUNTRY_CATEGORIES,
        "condition": dictionary.condition_text(database, ind),
        "condition_parent": condition_parent,
        "confidence_meaning": CONFIDENCE_TAGS.get(ind.confidence, ""),
        "national": national,
        "dependents": [
            other
            for other in database.indicators
            if other.condition and other.condition.indicator == ind.code
        ],
        "tables": _tables_using(ind.code),
        "catalogue_version": CATALOGUE_VERSION,
        "changes": _changes_of(ind),
    }
    return render(request, "indicators/detail.html", context)


def _changes_of(ind) -> list:
    """The change-log entries that name the indicator, its code list or one of its categories."""
    names = {ind.code, ind.code_list}
    if ind.code_list in CODE_LISTS:
        names |= set(CODE_LISTS[ind.code_list].codes())
    regional = getattr(NATIONAL_LISTS.get(ind.code_list), "maps_to", "")
    if regional in CODE_LISTS:  # a national list: the regional categories its entries map to
        names |= set(CODE_LISTS[regional].codes())
    return [change for change in changes() if names & set(change.codes)]


def _tables_using(code):
    """The statistical tables that use the indicator, as the statistics pages name them."""
    from indicators.statistics.declarations import tables_using
    from indicators.statistics.tables import GROUPS

    return [
        {"code": t.code, "title": t.title.replace("{year}", "the year"),
         "framework": GROUPS.get(t.framework, t.framework)}
        for t in tables_using(code)
    ]  # fmt: skip


def _national_entries(user, list_code):
    """Entries of ``list_code`` in the user's own territory (none for a user without one), read
    through the scoped manager so that another territory's entries can never appear."""
    if not user.territory_id:
        return []
    regional = dictionary.maps_to_labels(list_code)
    rows = (
        NationalCodeEntry.objects.filter(territory_id=user.territory_id, list_code=list_code)
        .order_by("sort_order", "label")
        .values_list("code", "label", "maps_to", "is_active")
    )
    return [
        {
            "code": code,
            "label": label,
            "maps_to": maps_to,
            "maps_to_label": regional.get(maps_to, ""),
            "is_active": is_active,
        }
        for code, label, maps_to, is_active in rows
    ]


@login_required
def export_csv(request):
    response = HttpResponse(dictionary.catalogue_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{CSV_NAME}"'
    return response


@login_required
def export_xlsx(request):
    response = HttpResponse(dictionary.catalogue_xlsx(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{XLSX_NAME}"'
    return response
