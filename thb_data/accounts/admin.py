"""Territories, institutions and users in the back office.

A national coordinator manages the institutions and users of their own territory: a new user gets
the territory of the institution chosen, and the institutions offered are the coordinator's own,
so nobody can be created in another territory; the roles offered are those a coordinator may give
(caseworker, prosecutor, coordinator). A system administrator manages everything, territories too.
Groups and per-model permissions are not used: access follows the role.
"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django_otp.plugins.otp_totp.models import TOTPDevice

from thb_data.accounts.models import (
    ROLES_A_COORDINATOR_MAY_GRANT,
    Institution,
    Role,
    Territory,
    User,
)
from thb_data.admin import (
    InstitutionInScopeFilter,
    ScopedModelAdmin,
    TerritoryFilter,
    harden_registered_admin,
    is_system_admin,
)
from thb_data.audit.log import record_event
from thb_data.audit.models import Action
from thb_data.backoffice_io import BackOfficeImportExportMixin, TerritoryResource

if admin.site.is_registered(Group):
    admin.site.unregister(Group)

# The sign-in counters (django-axes) and authenticator devices (django-otp) stay the system
# administrator's (Django permissions, which coordinators do not hold); missing ones answer 404.
for _model in (AccessAttempt, AccessLog, AccessFailureLog, TOTPDevice):
    harden_registered_admin(_model)


class _TerritoryFromInstitution:
    """A user's territory is their institution's: set before the model's own validation."""

    def clean(self):
        cleaned = super().clean()
        institution = cleaned.get("institution")
        self.instance.territory = institution.territory if institution else None
        return cleaned


class ThbUserCreationForm(_TerritoryFromInstitution, UserCreationForm):
    """A new user with a password checked by the password validators (12 characters at least)."""

    class Meta(UserCreationForm.Meta):
        model = User
        # The admin adds role and institution, with choices scoped to the signed-in user.
        fields = ("username",)


class ThbUserChangeForm(_TerritoryFromInstitution, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = ("username", "password")


@admin.register(User)
class UserAdmin(ScopedModelAdmin, DjangoUserAdmin):
    form = ThbUserChangeForm
    add_form = ThbUserCreationForm
    # Signing in changes last_login: it does not make a coordinator's edit of the user stale.
    optimistic_lock_exclude = ("last_login",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "email")}),
        ("Role and scope", {"fields": ("role", "institution", "is_active")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "password1", "password2", "role", "institution"),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")
    list_display = ("username", "role", "territory", "institution", "is_active", "last_login")
    admin_only_fields = ("territory",)
    list_filter = ("role", "is_active", TerritoryFilter, InstitutionInScopeFilter)
    list_select_related = ("territory", "institution")
    search_fields = ("username", "first_name", "last_name", "email")
    autocomplete_fields = ("institution",)
    ordering = ("username",)
    filter_horizontal = ()

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not is_system_admin(request):
            kwargs["choices"] = [
                (value, label)
                for value, label in Role.choices
                if value in ROLES_A_COORDINATOR_MAY_GRANT
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not is_system_admin(request):
            if obj.territory_id != request.user.territory_id:
                raise PermissionDenied("A coordinator manages the users of their own territory.")
            if obj.role not in ROLES_A_COORDINATOR_MAY_GRANT:
                raise PermissionDenied("A coordinator cannot give this role.")
        super().save_model(request, obj, form, change)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and isinstance(response, HttpResponseRedirect):
            user = self.get_object(request, id)
            if user is not None:
                record_event(
                    Action.UPDATE,
                    user=request.user,
                    obj=user,
                    changes={"password": ["(hidden)", "(changed)"]},
                    detail={"via": "back office"},
                )
        return response


class InstitutionResource(TerritoryResource):
    """A territory's institutions as a spreadsheet, found by name within the territory."""

    class Meta(TerritoryResource.Meta):
        model = Institution
        fields = ("territory", "name", "kind", "is_active")
        import_id_fields = ("territory", "name")
        export_order = fields
        name = "Institutions"


@admin.register(Institution)
class InstitutionAdmin(BackOfficeImportExportMixin, ScopedModelAdmin):
    resource_classes = (InstitutionResource,)
    list_display = ("name", "kind", "territory", "is_active")
    admin_only_fields = ("territory",)
    list_filter = ("kind", "is_active", TerritoryFilter)
    list_select_related = ("territory",)
    search_fields = ("name",)
    ordering = ("territory__name", "name")

    def save_model(self, request, obj, form, change):
        if not is_system_admin(request):
            if change and obj.territory_id != request.user.territory_id:
                raise PermissionDenied("A coordinator manages their own territory's institutions.")
            obj.territory_id = request.user.territory_id
        super().save_model(request, obj, form, change)


class TerritoryForm(forms.ModelForm):
    class Meta:
        model = Territory
        fields = ("code", "name", "note", "is_active", "share_provisional_statistics")

    def clean_code(self):
        return self.cleaned_data["code"].upper()


@admin.register(Territory)
class TerritoryAdmin(ScopedModelAdmin):
    """Territories: the system administrator's alone."""

    form = TerritoryForm
    view_roles = manage_roles = delete_roles = (Role.ADMIN,)
    list_display = ("code", "name", "is_active")
    search_fields = ("code", "name")

    def audit_territory(self, obj):
        return obj.pk
