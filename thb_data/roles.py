"""The roles of THB Data's users, apart from the user model: scoping and accounts both read them
without importing each other."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    PROSECUTOR = "prosecutor", _("Prosecutor / court clerk")
    COORDINATOR = "coordinator", _("National coordinator")
    ANALYST = "analyst", _("Regional analyst")
    ADMIN = "admin", _("System administrator")


# Roles that work inside one territory and must belong to one of its institutions.
TERRITORIAL_ROLES = (Role.CASEWORKER, Role.PROSECUTOR, Role.COORDINATOR)
# Roles a national coordinator may give (never one above their own).
ROLES_A_COORDINATOR_MAY_GRANT = (Role.CASEWORKER, Role.PROSECUTOR, Role.COORDINATOR)
# Roles that must sign in with a second factor.
SECOND_FACTOR_ROLES = (Role.COORDINATOR, Role.ADMIN)
