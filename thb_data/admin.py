"""The back office: an admin site for national coordinators (their territory) and system
administrators (everything), and the scoped ModelAdmin base every admin class of THB Data uses.

Every admin class reads through the same scoping as the pages: ``get_queryset`` goes through the
model's scoped manager under the signed-in user's scope, narrowed with ``visible_to``; foreign-key
and many-to-many choices, autocompletes (which call the related admin's ``get_queryset``),
list filters and actions therefore never offer another territory's objects. An object outside the
scope answers 404 on its change, delete and history pages. Every change made here is written to the
audit trail with its before and after values.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models, router, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from thb_data.accounts.models import Institution, Role, Territory, User
from thb_data.audit.log import record_event
from thb_data.audit.models import Action
from thb_data.records import YearSignedOff, restore_record, soft_delete_record
from thb_data.scoping import ScopedModel, scope_for

BACK_OFFICE_ROLES = (Role.COORDINATOR, Role.ADMIN)


def is_system_admin(request) -> bool:
    user = request.user
    return bool(user.is_authenticated and user.is_active and user.role == Role.ADMIN)


def is_back_office_user(request) -> bool:
    user = request.user
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.role in BACK_OFFICE_ROLES
        and (not settings.THB_REQUIRE_SECOND_FACTOR or user.is_verified())
    )


class ThbAdminSite(admin.AdminSite):
    """The back office of coordinators and system administrators, nobody else.

    Signing in happens on the application's sign-in page (throttled, with the second factor); the
    admin's own login page only forwards there. The "view on site" shortcut looks the object up
    through the model admin's scoped queryset, so another territory's object id answers 404.
    """

    site_header = "THB Data back office"
    site_title = "THB Data back office"
    index_title = "Territory administration"
    enable_nav_sidebar = False

    def has_permission(self, request):
        return is_back_office_user(request)

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            if self.has_permission(request):
                target = request.GET.get("next", "")
                if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                    return HttpResponseRedirect(target)
                return redirect("admin:index")
            raise PermissionDenied(
                "The back office is for national coordinators and administrators."
            )
        target = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return HttpResponseRedirect(f"{reverse('login')}?{urlencode({'next': target})}")

    def get_urls(self):
        urls = super().get_urls()
        for index, pattern in enumerate(urls):
            if getattr(pattern, "name", None) == "view_on_site":
                urls[index] = path(
                    "r/<path:content_type_id>/<path:object_id>/",
                    self.admin_view(self.view_on_site),
                    name="view_on_site",
                )
        return urls

    def view_on_site(self, request, content_type_id, object_id):
        """Redirect to an object's page in the application, if the user may see the object."""
        try:
            content_type = ContentType.objects.get_for_id(int(content_type_id))
        except (ValueError, ObjectDoesNotExist):
            raise Http404("No such object.") from None
        model = content_type.model_class()
        model_admin = self._registry.get(model)
        if model_admin is None or not model_admin.has_view_or_change_permission(request):
            raise Http404("No such object.")
        obj = model_admin.get_object(request, unquote(object_id))
        if obj is None or not hasattr(obj, "get_absolute_url"):
            raise Http404("No such object.")
        return HttpResponseRedirect(obj.get_absolute_url())


class NotFoundMixin:
    """Missing and out of scope look the same: 404, never a redirect with a message."""

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404("No such object.")


def harden_registered_admin(model) -> None:
    """Re-register a third-party model admin so that missing objects answer 404 too."""
    site = admin.site
    if not site.is_registered(model):
        return
    current = site._registry[model]
    if isinstance(current, NotFoundMixin):
        return
    hardened = type(f"Hardened{type(current).__name__}", (NotFoundMixin, type(current)), {})
    site.unregister(model)
    site.register(model, hardened)


def _display(value) -> object:
    """A JSON-friendly rendering of a form value for the audit trail."""
    if value is None or isinstance(value, str | int | bool | float):
        return value
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | set) or hasattr(value, "__iter__"):
        return [_display(item) for item in value]
    return str(value)


def _initial_display(model, name, value):
    """The stored value before the change, shown as people read it (a related object's name)."""
    try:
        field = model._meta.get_field(name)
    except Exception:
        return _display(value)
    if field.is_relation and value not in (None, "", []):
        related = field.related_model._base_manager
        if field.many_to_many:
            return [str(obj) for obj in related.filter(pk__in=[getattr(v, "pk", v) for v in value])]
        obj = related.filter(pk=getattr(value, "pk", value)).first()
        return str(obj) if obj is not None else value
    return _display(value)


# Form fields never copied into the audit trail (their values are secrets).
SECRET_FIELDS = frozenset({"password", "password1", "password2", "usable_password"})


def form_changes(form, *, creating: bool) -> dict:
    """``{"field": [before, after]}`` for every changed field of an admin form, secrets masked."""
    changes = {}
    model = form._meta.model
    names = list(form.cleaned_data) if creating else form.changed_data
    for name in names:
        if name not in form.fields:
            continue
        if name in SECRET_FIELDS:
            if name != "usable_password":
                changes["password"] = [None if creating else "(hidden)", "(set)"]
            continue
        if creating and form.cleaned_data.get(name) in (None, "", [], ()):
            continue
        before = None if creating else _initial_display(model, name, form.initial.get(name))
        changes[name] = [before, _display(form.cleaned_data.get(name))]
    return changes


class InstitutionInScopeFilter(admin.SimpleListFilter):
    """Institutions the signed-in user may see (a coordinator: their territory's)."""

    title = "institution"
    parameter_name = "institution"
    field_name = "institution"

    def lookups(self, request, model_admin):
        with scope_for(request.user):
            rows = Institution.objects.visible_to(request.user).values_list("pk", "name")
            return [(str(pk), name) for pk, name in rows]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not value.isdigit():
            return queryset.none()
        allowed = {str(pk) for pk, _name in self.lookup_choices}
        if value not in allowed:
            return queryset.none()
        return queryset.filter(**{f"{self.field_name}_id": int(value)})


class TerritoryFilter(admin.SimpleListFilter):
    """Territories, for system administrators only (a coordinator has one)."""

    title = "territory"
    parameter_name = "territory"
    field_name = "territory"

    def lookups(self, request, model_admin):
        if not is_system_admin(request):
            return []
        return [(str(t.pk), t.name) for t in Territory.objects.all()]

    def has_output(self):
        return bool(self.lookup_choices)

    def queryset(self, request, queryset):
        value = self.value()
        if not value or not is_system_admin(request):
            return queryset
        if not value.isdigit():
            return queryset.none()
        return queryset.filter(**{f"{self.field_name}_id": int(value)})


def territories_visible_to(user):
    if user.is_authenticated and user.role == Role.ADMIN:
        return Territory.objects.all()
    if user.is_authenticated and user.territory_id:
        return Territory.objects.filter(pk=user.territory_id)
    return Territory.objects.none()


def queryset_visible_to(model, user):
    """The objects of ``model`` that ``user`` may see, for choices and lookups."""
    if model is Territory:
        return territories_visible_to(user)
    if model is User or (isinstance(model, type) and issubclass(model, User)):
        return User.objects.visible_to(user)
    if isinstance(model, type) and issubclass(model, ScopedModel):
        with scope_for(user):
            return model.objects.visible_to(user)
    return None


class StaleEdit(Exception):
    """A back-office save based on a version of the object that is no longer the stored one."""


VERSION_FIELD = "_thb_version"

STALE_MESSAGE = (
    "Someone else changed this {name} while you were editing it, so your changes were not "
    "saved (nothing was changed). The page now shows the current values: make your change "
    "again if it is still needed."
)
MISSING_VERSION_MESSAGE = (
    "The form was sent without the version of the {name} it was based on, so nothing was "
    "saved. Open the {name} again and make your change on the page."
)


class OptimisticLockMixin:
    """Optimistic locking for a ModelAdmin's change page: no edit silently overwrites another.

    The change form carries a version token: a hash of the object's stored values (every
    concrete field but the primary key and ``optimistic_lock_exclude``), so no column is needed
    and a change made by any path (another coordinator, an import, a command) makes the token
    stale. On save, inside the admin's transaction:

    1. a form posted without the token, or whose token is not the hash of the stored values, is
       refused (a clear message, nothing written);
    2. the stored values are then claimed with a conditional ``UPDATE ... SET pk = pk WHERE pk =
       ... AND field = old value ...`` over every comparable field: it matches no row if another
       transaction changed the object since step 1 (PostgreSQL re-checks the condition on the
       newest row version after waiting for the other writer), and otherwise holds the row lock
       until the save commits. The check is in the UPDATE itself, so it holds on SQLite too
       (where ``select_for_update`` does nothing);
    3. only then does the normal ``save()`` run.

    A refused save rolls the whole change back and sends the user to the change page, which
    shows the current values and a fresh token. Any admin of THB Data gets this by inheriting
    ``ScopedModelAdmin`` (for example a future population-figures admin); a third-party admin
    can mix it in first.
    """

    optimistic_lock = True
    # Fields that change outside the back office without making an edit stale (a user's last
    # sign-in). They are neither compared nor overwritten by the save.
    optimistic_lock_exclude: tuple[str, ...] = ()

    def _lock_fields(self):
        return [
            field
            for field in self.model._meta.concrete_fields
            if not field.primary_key and field.name not in self.optimistic_lock_exclude
        ]

    def _stored_values(self, pk):
        names = [field.attname for field in self._lock_fields()]
        return self.model._base_manager.filter(pk=pk).values(*names).first()

    @staticmethod
    def version_token(values: dict | None) -> str:
        if values is None:
            return ""
        payload = json.dumps(values, sort_keys=True, default=str, separators=(",", ":"))
        return hashlib.sha256(payload.encode()).hexdigest()[:32]

    def current_version(self, obj) -> str:
        return self.version_token(self._stored_values(obj.pk))

    def _name(self):
        return str(self.model._meta.verbose_name)

    def claim_version(self, request, obj) -> None:
        """Raise ``StaleEdit`` unless the posted token is that of the stored values; then hold
        the row through a conditional UPDATE that matches only those values."""
        posted = request.POST.get(VERSION_FIELD, "")
        if not posted:
            raise StaleEdit(MISSING_VERSION_MESSAGE.format(name=self._name()))
        stored = self._stored_values(obj.pk)
        if stored is None or self.version_token(stored) != posted:
            raise StaleEdit(STALE_MESSAGE.format(name=self._name()))
        comparable = {
            field.attname: stored[field.attname]
            for field in self._lock_fields()
            if not isinstance(field, models.JSONField | models.BinaryField)
        }
        pk_name = self.model._meta.pk.attname
        claimed = self.model._base_manager.filter(pk=obj.pk, **comparable).update(
            **{pk_name: models.F(pk_name)}
        )
        if claimed != 1:
            raise StaleEdit(STALE_MESSAGE.format(name=self._name()))

    def save_model(self, request, obj, form, change):
        if change and self.optimistic_lock:
            with transaction.atomic(using=router.db_for_write(self.model)):
                self.claim_version(request, obj)
                if self.optimistic_lock_exclude:
                    obj.save(update_fields=[field.name for field in self._lock_fields()])
                else:
                    super().save_model(request, obj, form, change)
            return
        super().save_model(request, obj, form, change)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None and self.optimistic_lock:
            # A re-displayed invalid form keeps the version it was based on.
            posted = request.POST.get(VERSION_FIELD) if request.method == "POST" else None
            context["thb_version_field"] = VERSION_FIELD
            context["thb_version"] = posted if posted is not None else self.current_version(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleEdit as refusal:
            # The admin's transaction rolled everything back (the audit entry too).
            self.message_user(request, str(refusal), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class ScopedModelAdmin(OptimisticLockMixin, NotFoundMixin, admin.ModelAdmin):
    """Base of every THB Data admin class: scoped reads, scoped choices, audited writes.

    Permissions come from the role, not from Django's per-model permissions: ``view_roles`` may
    list and open, ``manage_roles`` may add and change, ``delete_roles`` may delete.
    """

    change_form_template = "admin/thb_change_form.html"
    view_roles: tuple[str, ...] = BACK_OFFICE_ROLES
    manage_roles: tuple[str, ...] = BACK_OFFICE_ROLES
    delete_roles: tuple[str, ...] = (Role.ADMIN,)
    # Audit every add, change and delete made through this admin.
    audited = True
    # Fields that only a system administrator sees (a coordinator's territory is implied).
    admin_only_fields: tuple[str, ...] = ()

    def _role_in(self, request, roles) -> bool:
        return bool(is_back_office_user(request) and request.user.role in roles)

    def has_module_permission(self, request):
        return self._role_in(request, self.view_roles)

    def has_view_permission(self, request, obj=None):
        return self._role_in(request, self.view_roles)

    def has_add_permission(self, request):
        return self._role_in(request, self.manage_roles)

    def has_change_permission(self, request, obj=None):
        return self._role_in(request, self.manage_roles)

    def has_delete_permission(self, request, obj=None):
        return self._role_in(request, self.delete_roles)

    def scoped_base_queryset(self, request):
        """The manager's queryset under the user's scope (override to include deleted rows)."""
        return self.model._default_manager.all()

    def get_queryset(self, request):
        with scope_for(request.user):
            qs = self.scoped_base_queryset(request)
            if hasattr(qs, "visible_to"):
                qs = qs.visible_to(request.user)
            else:
                visible = queryset_visible_to(self.model, request.user)
                qs = qs.filter(pk__in=visible.values("pk")) if visible is not None else qs
            ordering = self.get_ordering(request)
            if ordering:
                qs = qs.order_by(*ordering)
            return qs

    def get_object(self, request, object_id, from_field=None):
        with scope_for(request.user):
            return super().get_object(request, object_id, from_field)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        visible = queryset_visible_to(db_field.related_model, request.user)
        if visible is not None:
            kwargs["queryset"] = visible
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        visible = queryset_visible_to(db_field.related_model, request.user)
        if visible is not None:
            kwargs["queryset"] = visible
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or ())
        if not is_system_admin(request):
            exclude += [name for name in self.admin_only_fields if name not in exclude]
        return exclude

    def get_fields(self, request, obj=None):
        shown = super().get_fields(request, obj)
        if is_system_admin(request):
            return shown
        return [name for name in shown if name not in self.admin_only_fields]

    def get_list_display(self, request):
        shown = super().get_list_display(request)
        if is_system_admin(request):
            return shown
        return [name for name in shown if name not in self.admin_only_fields]

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Bulk deletion skips save_model/delete_model: only audited, per-object deletes.
        actions.pop("delete_selected", None)
        return actions

    # --- audited writes ----------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if self.audited:
                changes = form_changes(form, creating=not change)
                if changes or not change:
                    record_event(
                        Action.UPDATE if change else Action.CREATE,
                        user=request.user,
                        obj=obj,
                        territory=self.audit_territory(obj),
                        changes=changes,
                        detail={"via": "back office"},
                    )

    def delete_model(self, request, obj):
        with transaction.atomic():
            before = {
                field.name: _display(getattr(obj, field.name, None))
                for field in obj._meta.concrete_fields
                if field.name not in SECRET_FIELDS
            }
            territory = self.audit_territory(obj)
            object_id = str(getattr(obj, "uuid", None) or obj.pk)
            object_repr = str(obj)[:200]
            super().delete_model(request, obj)
            if self.audited:
                record_event(
                    Action.DELETE,
                    user=request.user,
                    territory=territory,
                    object_type=obj._meta.label_lower,
                    object_id=object_id,
                    object_repr=object_repr,
                    changes={name: [value, None] for name, value in before.items()},
                    detail={"via": "back office"},
                )

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def audit_territory(self, obj):
        return getattr(obj, "territory_id", None)


def app_url(obj) -> str | None:
    """The application page of a record or case, when the application has one."""
    if hasattr(obj, "get_absolute_url"):
        try:
            return obj.get_absolute_url()
        except NoReverseMatch:
            return None
    app = obj._meta.app_label
    names = {
        "victimrecord": ("victims:detail",),
        "traffickerrecord": ("traffickers:detail",),
        "criminalcase": ("traffickers:case_detail",),
    }.get(obj._meta.model_name, ())
    for name in names:
        for key in ("uuid", "pk"):
            try:
                return reverse(name, kwargs={key: getattr(obj, key)})
            except NoReverseMatch:
                continue
    del app
    return None


class ReadOnlyRecordAdmin(ScopedModelAdmin):
    """Victim and trafficker records in the back office: list, search by record number, filter,
    open the record's page in the application. Records change only through the application's
    forms (validation, version check, audit); here a coordinator may only soft-delete and restore.
    Indicator values are not shown here: opening them is the application's (logged) detail page.
    """

    list_display = (
        "record_number",
        "territory",
        "institution",
        "reporting_year",
        "status",
        "is_deleted",
        "updated_at",
        "application_page",
    )
    admin_only_fields = ("territory",)
    list_filter = (
        TerritoryFilter,
        InstitutionInScopeFilter,
        "reporting_year",
        "status",
        "is_deleted",
    )
    search_fields = ()
    search_help_text = "Record number, e.g. RS-V000012"
    list_select_related = ("territory", "institution")
    list_per_page = 50
    show_full_result_count = False
    readonly_fields = (
        "record_number",
        "application_page",
        "territory",
        "institution",
        "reporting_year",
        "status",
        "version",
        "created_by",
        "created_at",
        "updated_by",
        "updated_at",
        "is_deleted",
        "deleted_at",
        "deleted_by",
    )
    fields = readonly_fields
    actions = ("soft_delete_selected", "restore_selected")

    # Read-only in the back office: nobody adds, changes or deletes here.
    manage_roles = ()
    delete_roles = ()

    def scoped_base_queryset(self, request):
        return self.model.with_deleted.all()

    def get_search_results(self, request, queryset, search_term):
        term = (search_term or "").strip()
        if not term:
            return queryset, False
        number = self.model.parse_record_number(term)
        if number is None:
            return queryset.none(), False
        queryset = queryset.filter(number=number)
        if "-" in term:
            queryset = queryset.filter(territory__code=term.split("-", 1)[0].upper())
        return queryset, False

    def get_search_fields(self, request):
        # Non-empty so that the admin shows its search box; the search itself is by number.
        return ("number",)

    @admin.display(description="record number", ordering="number")
    def record_number(self, obj):
        return obj.record_number

    @admin.display(description="page")
    def application_page(self, obj):
        url = app_url(obj)
        return format_html('<a href="{}">open</a>', url) if url else "—"

    def _apply(self, request, queryset, function, verb):
        done = 0
        for record in queryset.select_related("territory"):
            try:
                function(record, user=request.user)
                done += 1
            except YearSignedOff as error:
                self.message_user(request, f"{record.record_number}: {error}", messages.ERROR)
        if done:
            self.message_user(request, f"{done} record(s) {verb}.", messages.SUCCESS)

    @admin.action(description="Delete the selected records (soft, audited)")
    def soft_delete_selected(self, request, queryset):
        self._apply(
            request,
            queryset.filter(is_deleted=False),
            lambda record, user: soft_delete_record(record, user=user, reason="back office"),
            "deleted",
        )

    @admin.action(description="Restore the selected deleted records")
    def restore_selected(self, request, queryset):
        self._apply(request, queryset.filter(is_deleted=True), restore_record, "restored")
