"""Record scoping: what a user may see and change, enforced by the managers themselves.

Every territory-owned model uses :class:`ScopedManager`. Its querysets refuse to run unless a scope
is active (fail closed, as django-scopes does): the request middleware activates the signed-in
user's scope for each request, management commands and tests activate one explicitly with
:func:`scope_for` or say that they need everything with :func:`scopes_disabled`.

Within a scope, the manager already narrows every query to what the scope may see, and
``visible_to(user)`` / ``editable_by(user)`` narrow further for a given user. A user's scope is:

* system administrator: everything;
* national coordinator: the whole territory;
* caseworker and prosecutor: their own institution (models owned by a territory only, such as
  national code lists, are visible to the whole territory);
* regional analyst: no records at all (published aggregates only).
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import models
from django.db.models import Q

from thb_data.roles import Role


class ScopeError(RuntimeError):
    """A territory-owned model was queried with no scope active."""


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    territory_id: int | None = None
    institution_id: int | None = None
    nothing: bool = False

    @classmethod
    def for_user(cls, user) -> Scope:
        if user is None or not user.is_authenticated or not user.is_active:
            return cls(nothing=True)
        if user.role == Role.ADMIN:
            return cls(everything=True)
        if user.role == Role.COORDINATOR and user.territory_id:
            return cls(territory_id=user.territory_id)
        if user.role in (Role.CASEWORKER, Role.PROSECUTOR) and user.institution_id:
            return cls(territory_id=user.territory_id, institution_id=user.institution_id)
        return cls(nothing=True)


_DISABLED = Scope(everything=True)
_current: contextvars.ContextVar[Scope | None] = contextvars.ContextVar("thb_scope", default=None)


def current_scope() -> Scope:
    scope = _current.get()
    if scope is None:
        raise ScopeError(
            "A territory-owned model was queried with no scope active. Use scope_for(user) or, "
            "where everything is truly needed, scopes_disabled()."
        )
    return scope


@contextmanager
def activate(scope: Scope):
    token = _current.set(scope)
    try:
        yield scope
    finally:
        _current.reset(token)


def scope_for(user):
    """Activate the scope of ``user`` (a context manager)."""
    return activate(Scope.for_user(user))


def scopes_disabled():
    """Activate the unrestricted scope: for code that must see everything and says so."""
    return activate(_DISABLED)


def scope_q(model, scope: Scope) -> Q | None:
    """The filter that restricts ``model`` to ``scope`` (None means no restriction)."""
    if scope.everything:
        return None
    if scope.nothing:
        return Q(pk__in=[])
    territory_field = getattr(model, "scope_territory_field", "territory")
    institution_field = getattr(model, "scope_institution_field", None)
    if scope.institution_id and institution_field:
        return Q(**{f"{institution_field}_id": scope.institution_id})
    if scope.territory_id:
        return Q(**{f"{territory_field}_id": scope.territory_id})
    return Q(pk__in=[])


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user) -> ScopedQuerySet:
        """Rows ``user`` may see."""
        q = scope_q(self.model, Scope.for_user(user))
        return self if q is None else self.filter(q)

    def editable_by(self, user) -> ScopedQuerySet:
        """Rows ``user`` may change: the visible ones, for roles that change this model."""
        qs = self.visible_to(user)
        if not self.model.can_be_edited_by(user):
            return qs.none()
        return qs


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    """Default manager of territory-owned models: refuses to query without an active scope."""

    def get_queryset(self):
        qs = super().get_queryset()
        q = scope_q(self.model, current_scope())
        return qs if q is None else qs.filter(q)


class ScopedModel(models.Model):
    """Base of territory-owned models.

    ``scope_territory_field`` names the territory foreign key; ``scope_institution_field`` the
    institution foreign key when the model is owned by an institution (records), or None when the
    whole territory shares it (code lists, institutions).
    """

    scope_territory_field = "territory"
    scope_institution_field: str | None = None

    # Roles that may change rows of this model (within their scope).
    edit_roles: tuple[str, ...] = ("admin", "coordinator")

    objects = ScopedManager()

    class Meta:
        abstract = True

    @classmethod
    def can_be_edited_by(cls, user) -> bool:
        return bool(user and user.is_authenticated and user.role in cls.edit_roles)


class ScopeMiddleware:
    """Activate the signed-in user's scope for the whole request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with scope_for(getattr(request, "user", None)):
            return self.get_response(request)
