"""National code lists: the entries each territory maintains itself."""

from django.core.exceptions import ValidationError
from django.db import models

from indicators.catalogue import CODE_LISTS, NATIONAL_LISTS
from thb_data.scoping import ScopedModel

NATIONAL_LIST_CHOICES = [(code, national.label) for code, national in NATIONAL_LISTS.items()]


class NationalCodeEntry(ScopedModel):
    """One entry of a national code list (a municipality, a court, a criminal-code article...).

    Records store ``code``; the label is for people. An entry that is no longer used is made
    inactive rather than deleted, so older records keep their meaning.
    """

    territory = models.ForeignKey(
        "accounts.Territory", on_delete=models.PROTECT, related_name="code_entries"
    )
    list_code = models.CharField("list", max_length=40, choices=NATIONAL_LIST_CHOICES)
    code = models.CharField(
        max_length=40, help_text="Stable code stored in the records (e.g. an article number)."
    )
    label = models.CharField(max_length=200)
    maps_to = models.CharField(
        "regional category",
        max_length=40,
        blank=True,
        help_text="For lists compared across the region (criminal-code articles): the regional "
        "category this entry counts under.",
    )
    is_active = models.BooleanField(default=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["territory__code", "list_code", "sort_order", "label"]
        verbose_name = "national code list entry"
        verbose_name_plural = "national code list entries"
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "list_code", "code"], name="national_entry_unique_code"
            )
        ]

    def __str__(self):
        return f"{self.label} ({self.code})"

    def clean(self):
        national = NATIONAL_LISTS.get(self.list_code)
        if self.maps_to:
            allowed = CODE_LISTS[national.maps_to].codes() if national and national.maps_to else []
            if self.maps_to not in allowed:
                raise ValidationError({"maps_to": "Not a category of the regional list."})

    @classmethod
    def choices_by_list(cls, territory) -> dict[str, list[tuple[str, str]]]:
        """Active entries of ``territory``, per list, as (code, label): one query."""
        result: dict[str, list[tuple[str, str]]] = {}
        if territory is None:
            return result
        rows = cls.objects.filter(territory=territory, is_active=True).values_list(
            "list_code", "code", "label"
        )
        for list_code, code, label in rows:
            result.setdefault(list_code, []).append((code, label))
        return result


class NationalPractice(ScopedModel):
    """National practice settings of a territory: choices that change how its own national
    tables group stored codes, never the codes themselves (catalogue 2.0)."""

    XK_SEPARATE = "separate"
    XK_REPORTING_COUNTRY = "reporting_country"
    XK_GROUPINGS = (
        (XK_SEPARATE, "Shown separately as Kosovo* (XK), counted as foreign"),
        (XK_REPORTING_COUNTRY, "Counted with the citizens of the reporting country"),
    )

    territory = models.OneToOneField(
        "accounts.Territory", on_delete=models.CASCADE, related_name="national_practice"
    )
    xk_grouping = models.CharField(
        "citizens of Kosovo* (XK) in the national tables",
        max_length=20,
        choices=XK_GROUPINGS,
        default=XK_SEPARATE,
        help_text="Only the national tables (V2, V2b) follow this setting; records keep the code "
        "XK and the Eurostat, UNODC and GRETA tables show XK as Kosovo*.",
    )

    class Meta:
        verbose_name = "national practice settings"
        verbose_name_plural = "national practice settings"

    def __str__(self):
        return f"National practice of {self.territory}"

    @classmethod
    def xk_grouping_of(cls, territory) -> str:
        """The territory's XK grouping (one query; the default when nothing was set)."""
        value = (
            cls.objects.filter(territory=territory).values_list("xk_grouping", flat=True).first()
        )
        return value or cls.XK_SEPARATE


from indicators.statistics.models import Edition, PopulationEstimate  # noqa: E402, F401
