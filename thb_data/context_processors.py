"""Navigation that shows each role what it can do."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from thb_data.accounts.models import Role

# (label, url name, roles that see it)
NAVIGATION = (
    (_("Victims"), "victims:list", (Role.CASEWORKER, Role.COORDINATOR, Role.ADMIN)),
    (_("New victim record"), "victims:create", (Role.CASEWORKER,)),
    (_("Import victims"), "victims:import", (Role.CASEWORKER, Role.COORDINATOR)),
    (_("Traffickers"), "traffickers:list", (Role.PROSECUTOR, Role.COORDINATOR, Role.ADMIN)),
    (_("Cases"), "traffickers:case_list", (Role.PROSECUTOR, Role.COORDINATOR, Role.ADMIN)),
    (_("Import traffickers"), "traffickers:import", (Role.PROSECUTOR, Role.COORDINATOR)),
    (_("Duplicates"), "victims:duplicates", (Role.COORDINATOR,)),
    (
        _("Quality"),
        "quality:index",
        (Role.CASEWORKER, Role.PROSECUTOR, Role.COORDINATOR, Role.ADMIN),
    ),
    (_("Statistics"), "statistics:index", (Role.COORDINATOR, Role.ANALYST, Role.ADMIN)),
    (_("Audit trail"), "audit:list", (Role.COORDINATOR, Role.ADMIN)),
    (_("Data dictionary"), "indicators:index", tuple(Role)),
    (_("Back office"), "admin:index", (Role.COORDINATOR, Role.ADMIN)),
)


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    if user.needs_second_factor and not user.is_verified():
        return {"navigation": []}  # nothing to offer before the second factor
    items = []
    for label, name, roles in NAVIGATION:
        if user.role not in roles:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue  # the feature is not installed in this build
        items.append({"label": label, "url": url, "active": request.path.startswith(url)})
    return {"navigation": items}
