"""Helpers every view uses to reach records: through the scoped querysets, 404 outside scope."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.utils import formats
from django.utils.functional import cached_property
from django.utils.translation import gettext


def get_scoped_or_404(queryset, user, *, for_edit: bool = False, **lookup):
    """The object matching ``lookup`` among those ``user`` may see (or change, with
    ``for_edit``). Missing and out of scope look the same: 404."""
    visible = queryset.visible_to(user)
    try:
        obj = visible.get(**lookup)
    except (visible.model.DoesNotExist, ValueError):
        raise Http404("No such record.") from None
    if for_edit and not queryset.model.can_be_edited_by(user):
        raise PermissionDenied("Your role cannot change this.")
    return obj


def require_roles(user, *roles) -> None:
    """Refuse (403) a signed-in user whose role is not one of ``roles``."""
    if not user.is_authenticated or user.role not in roles:
        raise PermissionDenied("Your role cannot open this page.")


def _grouped(number: int) -> str:
    return formats.number_format(number, use_l10n=True, force_grouping=True)


class CappedPaginator(Paginator):
    """A paginator that counts at most ``cap`` rows.

    Counting every match of a filter over a million records costs more than the page itself;
    beyond the cap the list says "more than N" and offers the first N rows' pages (narrow the
    filter to see further).
    """

    cap = 2_000

    @cached_property
    def count(self) -> int:
        return self.object_list.values("pk")[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    def count_display(self) -> str:
        """The count for the page, with the thousands separator of the user's language."""
        if self.capped:
            return gettext("More than %(count)s") % {"count": _grouped(self.cap)}
        return _grouped(self.count)
