"""Territories, institutions and users: who holds which records."""

import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thb_data import languages as thb_languages
from thb_data.roles import (  # noqa: F401  (re-exported: the roles, with the user model)
    ROLES_A_COORDINATOR_MAY_GRANT,
    SECOND_FACTOR_ROLES,
    TERRITORIAL_ROLES,
    Role,
)
from thb_data.scoping import Scope, ScopedModel


class TerritoryManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Territory(models.Model):
    """A country or territory that keeps its own two databases (the handbook's ten, or more)."""

    code = models.CharField(
        max_length=2,
        unique=True,
        help_text="Stable two-letter code (ISO 3166-1 alpha-2, or XK for Kosovo*).",
    )
    name = models.CharField(max_length=100)
    note = models.CharField(
        max_length=200,
        blank=True,
        help_text="Footnote shown with the name, e.g. the UN Security Council resolution 1244 "
        "note for Kosovo*.",
    )
    is_active = models.BooleanField(default=True)
    share_provisional_statistics = models.BooleanField(
        default=False,
        help_text="Show the protected tables of years not yet signed off in the regional "
        "comparison (analysts). Off: analysts see signed-off years only.",
    )

    objects = TerritoryManager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "territories"

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class InstitutionKind(models.TextChoices):
    POLICE = "police", "Police (anti-trafficking unit)"
    BORDER_POLICE = "border_police", "Border police"
    PROSECUTION = "prosecution", "Prosecutor's office"
    COURT = "court", "Court"
    SOCIAL_SERVICES = "social_services", "Social services"
    NGO = "ngo", "NGO"
    IOM = "iom", "IOM"
    LABOUR_INSPECTORATE = "labour_inspectorate", "Labour inspectorate"
    COORDINATOR_OFFICE = "coordinator_office", "National coordinator's office"
    OTHER = "other", "Other"


class Institution(ScopedModel):
    """A data-providing institution of one territory (police unit, shelter NGO, court...)."""

    territory = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="institutions")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=InstitutionKind.choices)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["territory__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "name"], name="institution_unique_name")
        ]

    def __str__(self):
        return self.name


class ThbUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)

    def visible_to(self, user):
        """Users ``user`` may see: the whole territory for a coordinator, all for an admin."""
        scope = Scope.for_user(user)
        if scope.everything:
            return self.all()
        if user.is_authenticated and user.role == Role.COORDINATOR and user.territory_id:
            return self.filter(territory_id=user.territory_id)
        if user.is_authenticated:
            return self.filter(pk=user.pk)
        return self.none()


class User(AbstractUser):
    """A person who signs in: one territory, one institution, one role."""

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CASEWORKER)
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        choices=thb_languages.LANGUAGES,
        help_text=_("The language of the pages. Empty: the language of the user's territory."),
    )

    objects = ThbUserManager()

    class Meta:
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=["admin", "analyst"])
                | (Q(territory__isnull=False) & Q(institution__isnull=False)),
                name="user_territorial_role_has_institution",
            )
        ]

    def clean(self):
        super().clean()
        if self.role in TERRITORIAL_ROLES and not (self.territory_id and self.institution_id):
            raise ValidationError(
                {"institution": "Caseworkers, prosecutors and coordinators need an institution."}
            )
        if self.institution_id and self.territory_id:
            institution = Institution._base_manager.filter(pk=self.institution_id).first()
            if institution and institution.territory_id != self.territory_id:
                raise ValidationError(
                    {"institution": "The institution must belong to the user's territory."}
                )

    def save(self, *args, **kwargs):
        # The admin site is the coordinators' and administrators' back office.
        self.is_staff = self.role in (Role.COORDINATOR, Role.ADMIN)
        self.is_superuser = self.role == Role.ADMIN
        super().save(*args, **kwargs)

    def preferred_language(self) -> str:
        """The user's own language, or else their territory's (thb_data/languages.py)."""
        if self.language:
            return self.language
        return thb_languages.territory_language(self.territory.code if self.territory else None)

    @property
    def is_system_admin(self):
        return self.role == Role.ADMIN

    @property
    def needs_second_factor(self):
        return self.role in SECOND_FACTOR_ROLES


class HeldFormValues(models.Model):
    """What a person typed into a record form whose save arrived after their session ended,
    kept for a few minutes until they sign in again (``thb_data.accounts.held``).

    The values are encrypted (AES-256-GCM) with a key made for this row alone; the key is in the
    person's browser (a signed, HttpOnly, SameSite=Strict cookie), never in the database. They
    are shown back only to ``user``, on the form at ``path``, and deleted once shown or expired.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=300)
    sealed = models.BinaryField()
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"held values of {self.user_id} until {self.expires_at:%H:%M}"
