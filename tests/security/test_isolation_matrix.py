"""The isolation matrix: every URL pattern of the project, every persona, the other territory's
(and the other institution's) objects.

The patterns come from the URL configuration itself (``get_resolver()`` walked recursively, the
admin site's included), so a new page cannot escape: a pattern missing from ``REGISTRY`` fails
``test_every_url_pattern_is_classified`` with its name. To classify a new page, add one line:

* ``Public()``: open without signing in (the sign-in pages);
* ``Page()``: any page without an object in its URL (lists, forms, exports, autocompletes,
  statistics): every persona opens it and its body must hold nothing of another territory (or,
  for caseworkers and prosecutors, of another institution's records);
* ``ObjectPage(kind)``: a page about one object (``kind`` is one of ``KINDS``; ``uuid``, ``pk``,
  ``id`` and ``object_id`` are filled from the object, other URL parameters from ``params``).
  Every persona requests it (GET and POST) with each object it must not reach: 403, 404, 405 or
  the sign-in page, never 200, nothing of the object in the body, nothing changed; then with
  each object it may reach: nothing of another territory in the body (choices of its forms);
* ``NotFetched(reason)``: a pattern the matrix must not request (signing out).

Admin pages of every registered model are classified from ``ADMIN_MODEL_KINDS``: registering a
model in the admin without saying which kind of object it holds fails the test too.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from indicators.catalogue import TRAFFICKERS
from indicators.models import NationalCodeEntry, NationalPractice, PopulationEstimate
from tests.htmltools import markup_has
from tests.security.conftest import Owned
from thb_data.accounts.models import Institution, Role, Territory, User
from thb_data.audit.models import AuditEntry
from thb_data.imports import PendingImport
from thb_data.scoping import scopes_disabled
from traffickers.models import CriminalCase, TraffickerRecord
from victims.models import VictimRecord

# --- the registry ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Public:
    """Open without signing in."""


@dataclass(frozen=True)
class Page:
    """No object in the URL. ``params`` lists the URL parameters to try, ``urls`` the exact
    addresses of regex patterns, ``query`` query strings to add."""

    params: tuple[dict, ...] = ({},)
    urls: tuple[str, ...] = ()
    queries: tuple[str, ...] = ("",)


@dataclass(frozen=True)
class ObjectPage:
    """A page about one object of ``kind``. URL parameters: ``uuid`` from the object's uuid,
    ``pk``/``id``/``object_id`` from its primary key, others from ``attrs`` (parameter ->
    attribute of the object) or ``params`` (parameter -> constant). ``open_to`` lists roles that
    may open any territory's object (the analyst, for published statistics): only the body is
    checked for them. ``control``: the system administrator must not get 404 (the URL is built
    right); False for pages that belong to one user (an upload waiting for confirmation)."""

    kind: str
    attrs: dict = field(default_factory=dict)
    params: dict = field(default_factory=dict)
    open_to: tuple[str, ...] = ()
    control: bool = True


@dataclass(frozen=True)
class ViewOnSite:
    """The admin's "view on site" shortcut: a content type and an object id of every kind."""


@dataclass(frozen=True)
class NotFetched:
    reason: str


KINDS = (
    "victim",
    "trafficker",
    "case",
    "institution",
    "user",
    "code_entry",
    "national_practice",
    "population",
    "audit_entry",
    "territory",
    "totp_device",
    "axes_attempt",
    "axes_log",
    "axes_failure",
    "pending_import",
)

ADMIN_MODEL_KINDS = {
    VictimRecord: "victim",
    TraffickerRecord: "trafficker",
    CriminalCase: "case",
    Institution: "institution",
    User: "user",
    NationalCodeEntry: "code_entry",
    NationalPractice: "national_practice",
    PopulationEstimate: "population",
    AuditEntry: "audit_entry",
    Territory: "territory",
    TOTPDevice: "totp_device",
    AccessAttempt: "axes_attempt",
    AccessLog: "axes_log",
    AccessFailureLog: "axes_failure",
}

FIRST_STAGE = TRAFFICKERS.stages[0].code if TRAFFICKERS.stages else "investigation"
YEAR = timezone.localdate().year  # the fixture's records count in the current year


def _exchange(database):
    """The import and record-level export pages of one database."""
    upload = {"attrs": {"pending": "pk"}, "control": False}
    return {
        f"{database}:import": Page(),
        f"{database}:import_template": Page(),
        f"{database}:import_preview": ObjectPage("pending_import", **upload),
        f"{database}:import_confirm": ObjectPage("pending_import", **upload),
        f"{database}:import_cancel": ObjectPage("pending_import", **upload),
        f"{database}:export_csv": Page(),
        f"{database}:export_xlsx": Page(),
    }


_TERRITORY_YEAR = {"attrs": {"territory": "code"}, "params": {"year": YEAR}}

REGISTRY: dict[str, object] = {
    # The project.
    "home": Page(),
    "login": Public(),
    "healthz": Public(),
    "livez": Public(),
    "logout": NotFetched("signs the persona out"),
    "keep_alive": NotFetched(
        "POST only: keeps the own session (tests/victims/test_victim_form_aids.py)"
    ),
    "second_factor": Page(),
    # POST only (a GET answers 405): changes the persona's own language, reads no record.
    "set_language": Page(),
    # The data dictionary (regional and national lists).
    "indicators:index": Page(),
    "indicators:export_csv": Page(),
    "indicators:export_xlsx": Page(),
    "indicators:detail": Page(
        params=({"code": "v_residence_municipality"}, {"code": "v_sex"}, {"code": "t_court_first"})
    ),
    # Victims.
    "victims:list": Page(queries=("", "?q=V000001", "?status=draft")),
    "victims:create": Page(),
    "victims:duplicates": Page(queries=("", f"?year={YEAR}&show=pending", "?show=decided")),
    "victims:detail": ObjectPage("victim"),
    "victims:edit": ObjectPage("victim"),
    "victims:delete": ObjectPage("victim"),
    "victims:restore": ObjectPage("victim"),
    # Traffickers and cases.
    "traffickers:list": Page(queries=("", "?q=T000001")),
    "traffickers:create": Page(),
    "traffickers:case_list": Page(),
    "traffickers:case_create": Page(),
    "traffickers:case_detail": ObjectPage("case"),
    "traffickers:case_link_victim": ObjectPage("case"),
    "traffickers:case_unlink_victim": ObjectPage("case"),
    "traffickers:detail": ObjectPage("trafficker"),
    "traffickers:edit": ObjectPage("trafficker"),
    "traffickers:stage": ObjectPage("trafficker", params={"stage": FIRST_STAGE}),
    "traffickers:delete": ObjectPage("trafficker"),
    "traffickers:restore": ObjectPage("trafficker"),
    **_exchange("victims"),
    **_exchange("traffickers"),
    # Statistics: published tables are open to the regional analyst for every territory.
    "statistics:index": Page(),
    "statistics:compare": Page(params=({"year": YEAR},)),
    "statistics:year": ObjectPage("territory", open_to=("analyst",), **_TERRITORY_YEAR),
    "statistics:export_xlsx": ObjectPage("territory", open_to=("analyst",), **_TERRITORY_YEAR),
    "statistics:export_zip": ObjectPage("territory", open_to=("analyst",), **_TERRITORY_YEAR),
    "statistics:export_sdmx": ObjectPage("territory", **_TERRITORY_YEAR),
    "statistics:export_questionnaire": ObjectPage(
        "territory",
        attrs={"territory": "code"},
        params={"year": YEAR, "questionnaire": "unodc_glotip"},
    ),
    "statistics:htcds": ObjectPage("territory", **_TERRITORY_YEAR),
    "statistics:export_htcds": ObjectPage("territory", **_TERRITORY_YEAR),
    "statistics:edition_compare": ObjectPage("territory", open_to=("analyst",), **_TERRITORY_YEAR),
    "statistics:sign_off": ObjectPage("territory", **_TERRITORY_YEAR),
    "statistics:reopen": ObjectPage("territory", **_TERRITORY_YEAR),
    # The quality pages: a caseworker or prosecutor sees their own institution's records.
    "quality:index": Page(),
    "quality:year": ObjectPage("territory", **_TERRITORY_YEAR),
    "quality:records": ObjectPage("territory", **_TERRITORY_YEAR),
    # The audit trail.
    "audit:list": Page(queries=("", "?record=AL-V000001", "?action=create")),
    # The back office (site-wide pages; each model's pages are added from ADMIN_MODEL_KINDS).
    "admin:index": Page(),
    "admin:login": Page(),
    "admin:logout": NotFetched("signs the persona out"),
    "admin:password_change": Page(),
    "admin:password_change_done": Page(),
    "admin:jsi18n": Page(),
    "admin:autocomplete": Page(),  # queried per autocomplete field below
    "admin:view_on_site": ViewOnSite(),
    "admin:app_list": Page(
        urls=tuple(
            f"/admin/{label}/"
            for label in ("accounts", "audit", "indicators", "victims", "traffickers", "axes")
        )
    ),
    "admin/(?P<url>.*)$": Page(urls=("/admin/no-such-page/",)),
    # Extra admin views of registered models.
    "admin:auth_user_password_change": ObjectPage("user"),
    "admin:otp_totp_totpdevice_config": ObjectPage("totp_device"),
    "admin:otp_totp_totpdevice_qrcode": ObjectPage("totp_device"),
}


def admin_registry() -> dict[str, object]:
    """The pages of every model registered in the admin, classified by the model's kind."""
    entries = {}
    for model in admin.site._registry:
        kind = ADMIN_MODEL_KINDS.get(model)
        if kind is None:
            continue  # reported by test_every_admin_model_has_a_kind
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        entries[f"{prefix}_changelist"] = Page(queries=("", "?q=AL", "?q=RS", "?o=1"))
        entries[f"{prefix}_add"] = Page()
        for suffix in ("history", "delete", "change"):
            entries[f"{prefix}_{suffix}"] = ObjectPage(kind)
        route = f"admin/{model._meta.app_label}/{model._meta.model_name}/<path:object_id>/"
        entries[route] = ObjectPage(kind)
        # Spreadsheet import and export of the back-office lists (thb_data.backoffice_io).
        for suffix in ("import", "process_import", "export"):
            entries[f"{prefix}_{suffix}"] = Page()
    return entries


def full_registry() -> dict[str, object]:
    return {**admin_registry(), **REGISTRY}


# --- the URL configuration ---------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or the route itself for unnamed patterns
    route: str  # the full route, e.g. "victims/<uuid:uuid>/"


def walk(resolver=None, prefix="", namespace=None):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield Route(key=name or route, route=route)


def all_routes() -> list[Route]:
    seen, routes = set(), []
    for route in walk():
        if route.key not in seen:
            seen.add(route.key)
            routes.append(route)
    return routes


_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def fill(route: str, values: dict) -> str:
    return "/" + _PARAMETER.sub(lambda m: str(values[m.group("name")]), route)


def parameters(route: str) -> list[str]:
    return [m.group("name") for m in _PARAMETER.finditer(route)]


# --- the world ---------------------------------------------------------------------------------


@pytest.fixture
def matrix_world(security_world, security_clients):
    """The security world plus the admin-only objects of each territory (sign-in counters,
    created after the personas signed in, since a sign-in clears its user's counters)."""
    with scopes_disabled():
        for code in ("RS", "AL"):
            username = f"{'cw-rs-ngo' if code == 'RS' else 'cw-al'}"
            attempt = AccessAttempt.objects.create(
                username=username,
                ip_address="192.0.2.1",
                user_agent="matrix",
                failures_since_start=1,
                get_data="",
                post_data="",
            )
            log = AccessLog.objects.create(username=username, ip_address="192.0.2.1")
            failure = AccessFailureLog.objects.create(username=username, ip_address="192.0.2.1")
            uploader = security_world.personas[
                "caseworker_rs_ngo" if code == "RS" else "caseworker_al"
            ]
            pending = PendingImport.objects.create(
                database="victims",
                territory_id=uploader.territory_id,
                institution_id=uploader.institution_id,
                uploaded_by=uploader,
                file_name=f"{code}-upload-QX7.xlsx",
                summary={
                    "counts": {"create": 0, "update": 1},
                    "institution": uploader.institution.name,
                    "rows": [
                        {
                            "row": 2,
                            "action": "update",
                            "record": f"{code}-V000001",
                            "changes": ["v_sex"],
                        }
                    ],
                    "more_rows": 0,
                    "warnings": [],
                },
            )
            security_world.objects += [
                Owned("axes_attempt", attempt, code),
                Owned("axes_log", log, code),
                Owned("axes_failure", failure, code),
                Owned("pending_import", pending, code, uploader.institution_id),
            ]
    return security_world


def is_foreign(user, owned, open_to=()) -> bool:
    """True when ``user`` must not reach ``owned``."""
    if user.role == Role.ADMIN or user.role in open_to:
        return False
    if user.role == Role.ANALYST:
        return True
    if owned.territory != user.territory.code:
        return True
    if user.role in (Role.CASEWORKER, Role.PROSECUTOR):
        return owned.institution_id is not None and owned.institution_id != user.institution_id
    return False


def forbidden_strings(world, user) -> list[str]:
    """What must never appear in a response to ``user``."""
    if user.role == Role.ADMIN:
        return []
    if user.role == Role.ANALYST:
        return [s for code in world.secrets for s in world.secrets[code]]
    other = [code for code in world.secrets if code != user.territory.code]
    strings = [s for code in other for s in world.secrets[code]]
    if user.role in (Role.CASEWORKER, Role.PROSECUTOR):
        for institution_id, secrets in world.institution_secrets.items():
            if institution_id != user.institution_id:
                strings += secrets
    return strings


def body_text(response) -> str:
    content = (
        b"".join(response.streaming_content)
        if getattr(response, "streaming", False)
        else response.content
    )
    if content[:2] == b"PK":  # XLSX and other zipped exports: read every member
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            content = b"".join(archive.read(name) for name in archive.namelist())
    return content.decode("utf-8", errors="replace")


def leaks(response, strings) -> list[str]:
    """The forbidden strings found anywhere in the response (attributes and files included), each
    as a whole token: a record number "AL-V000001" or a user name "cw-al", never a fragment of a
    random UUID or CSRF token."""
    text = body_text(response)
    return [s for s in strings if markup_has(text, s)]


SIGN_IN_PATHS = ("/accounts/login/", "/admin/login/")


def refused(response) -> bool:
    """403, 404, 405, or sent to a sign-in page: never the page itself."""
    if response.status_code in (403, 404, 405):
        return True
    final = response.request["PATH_INFO"] if response.status_code == 200 else ""
    if response.status_code == 200 and final.startswith(SIGN_IN_PATHS) and response.redirect_chain:
        return True
    if response.status_code in (301, 302):
        return response["Location"].startswith(SIGN_IN_PATHS)
    return False


def snapshot():
    """What a refused POST must leave unchanged."""
    with scopes_disabled():
        return {
            "victims": list(VictimRecord.with_deleted.values_list("pk", "version", "is_deleted")),
            "traffickers": list(
                TraffickerRecord.with_deleted.values_list("pk", "version", "is_deleted", "case")
            ),
            "cases": list(CriminalCase.objects.values_list("pk", "reference", "institution")),
            "case_victims": list(CriminalCase.victims.through.objects.values_list("pk")),
            "users": list(
                User.objects.values_list("pk", "role", "institution", "is_active", "password")
            ),
            "institutions": list(Institution.objects.values_list("pk", "name", "territory")),
            "entries": list(NationalCodeEntry.objects.values_list("pk", "label", "territory")),
            "territories": list(Territory.objects.values_list("pk", "code", "name")),
            "devices": list(TOTPDevice.objects.values_list("pk", "key", "confirmed")),
        }


# --- the tests ---------------------------------------------------------------------------------


def test_every_url_pattern_is_classified():
    registry = full_registry()
    unclassified = [f"{r.key}  ({r.route})" for r in all_routes() if r.key not in registry]
    assert unclassified == [], (
        "These URL patterns are not in the isolation matrix; classify each in REGISTRY of "
        "tests/security/test_isolation_matrix.py:\n  " + "\n  ".join(unclassified)
    )


def test_every_admin_model_has_a_kind():
    missing = [m._meta.label for m in admin.site._registry if m not in ADMIN_MODEL_KINDS]
    assert missing == [], f"Say which kind of object these admin models hold: {missing}"


def test_every_object_page_says_how_to_fill_its_parameters():
    registry = full_registry()
    problems = []
    for route in all_routes():
        entry = registry.get(route.key)
        if isinstance(entry, ObjectPage):
            assert entry.kind in KINDS, f"{route.key}: unknown kind {entry.kind}"
            for name in parameters(route.route):
                known = ("uuid", "pk", "id", "object_id", *entry.attrs, *entry.params)
                if name not in known:
                    problems.append(f"{route.key}: parameter {name}")
    assert problems == []


def _object_kwargs(route, entry, obj):
    values = dict(entry.params)
    for name in parameters(route.route):
        if name in entry.attrs:
            values[name] = getattr(obj, entry.attrs[name])
        elif name == "uuid":
            values[name] = obj.uuid
        elif name in ("pk", "id", "object_id"):
            values[name] = obj.pk
    return values


def _routes_of(*types):
    registry = full_registry()
    return [r for r in all_routes() if isinstance(registry.get(r.key), types)]


def _ids(routes):
    return [r.key for r in routes]


OBJECT_ROUTES = _routes_of(ObjectPage)
PAGE_ROUTES = _routes_of(Page, Public)


def _personas(world):
    return [(name, user) for name, user in world.personas.items()]


@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=_ids(OBJECT_ROUTES))
def test_an_object_page_refuses_every_persona_outside_the_objects_scope(
    route, matrix_world, security_clients
):
    entry = full_registry()[route.key]
    owned_of_kind = matrix_world.of_kind(entry.kind)
    assert owned_of_kind, f"the fixture holds no {entry.kind}"
    before = snapshot()
    failures = []

    # Positive control: the system administrator reaches the page (the URL is built right).
    first = owned_of_kind[0]
    url = fill(route.route, _object_kwargs(route, entry, first.obj))
    status = security_clients["admin"].get(url).status_code
    if entry.control and status == 404:
        failures.append(f"admin gets 404 on {url}: the matrix builds a wrong URL")

    for name, user in _personas(matrix_world):
        if user.role == Role.ADMIN:
            continue
        client = security_clients[name]
        forbidden = forbidden_strings(matrix_world, user)
        seen_groups = set()
        for owned in owned_of_kind:
            url = fill(route.route, _object_kwargs(route, entry, owned.obj))
            if not is_foreign(user, owned, entry.open_to):
                response = client.get(url, follow=True)
                leaked = leaks(response, forbidden)
                if leaked:
                    failures.append(f"{name} GET {url} (own scope) shows {leaked}")
                continue
            group = (owned.territory, owned.institution_id)
            if group in seen_groups:
                continue
            seen_groups.add(group)
            response = client.get(url, follow=True)
            if not refused(response):
                failures.append(f"{name} GET {url} -> {response.status_code}, expected refusal")
            leaked = leaks(response, forbidden)
            if leaked:
                failures.append(f"{name} GET {url} shows {leaked}")
            response = client.post(url, {}, follow=True)
            if not refused(response):
                failures.append(f"{name} POST {url} -> {response.status_code}, expected refusal")
    assert failures == []
    assert snapshot() == before, "a refused request changed data"


@pytest.mark.parametrize("route", PAGE_ROUTES, ids=_ids(PAGE_ROUTES))
def test_a_page_shows_no_persona_anything_outside_its_scope(route, matrix_world, security_clients):
    entry = full_registry()[route.key]
    if isinstance(entry, Public):
        urls = [fill(route.route, {})]
    elif entry.urls:
        urls = list(entry.urls)
    else:
        urls = [
            fill(route.route, params) + query for params in entry.params for query in entry.queries
        ]
    failures = []
    for name, user in _personas(matrix_world):
        forbidden = forbidden_strings(matrix_world, user)
        if not forbidden:
            continue
        client = security_clients[name]
        for url in urls:
            response = client.get(url, follow=True)
            if response.status_code >= 500:
                failures.append(f"{name} GET {url} -> {response.status_code}")
            leaked = [
                s for s in leaks(response, forbidden) if f"={s}" not in url and f"q={s}" not in url
            ]
            if leaked:
                failures.append(f"{name} GET {url} shows {leaked}")
    assert failures == []


def _autocomplete_queries():
    queries = []
    for model, model_admin in admin.site._registry.items():
        for field_name in getattr(model_admin, "autocomplete_fields", ()):
            queries.append(
                {
                    "app_label": model._meta.app_label,
                    "model_name": model._meta.model_name,
                    "field_name": field_name,
                }
            )
    return queries


def test_the_admin_has_autocompletes_to_check():
    assert _autocomplete_queries(), "no autocomplete field in the admin: the test below is void"


@pytest.mark.parametrize("term", ["", "Tirana", "Belgrade", "Shelter", "a"])
def test_admin_autocompletes_offer_nothing_outside_the_scope(term, matrix_world, security_clients):
    failures = []
    for query in _autocomplete_queries():
        for name, user in _personas(matrix_world):
            response = security_clients[name].get("/admin/autocomplete/", {**query, "term": term})
            if user.role not in (Role.COORDINATOR, Role.ADMIN):
                if response.status_code not in (302, 403):
                    failures.append(f"{name} autocomplete {query} -> {response.status_code}")
                continue
            leaked = leaks(response, forbidden_strings(matrix_world, user))
            if leaked:
                failures.append(f"{name} autocomplete {query} term={term!r} shows {leaked}")
    assert failures == []


def test_the_admin_view_on_site_shortcut_answers_404_outside_the_scope(
    matrix_world, security_clients
):
    failures = []
    for model, kind in ADMIN_MODEL_KINDS.items():
        content_type = ContentType.objects.get_for_model(model)
        for name, user in _personas(matrix_world):
            if user.role == Role.ADMIN:
                continue
            for owned in matrix_world.of_kind(kind):
                if not is_foreign(user, owned):
                    continue
                url = f"/admin/r/{content_type.pk}/{owned.obj.pk}/"
                response = security_clients[name].get(url)
                if not refused(response):
                    failures.append(f"{name} GET {url} -> {response.status_code}")
    assert failures == []
