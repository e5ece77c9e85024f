from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ThbDataConfig(AppConfig):
    name = "thb_data"
    verbose_name = "THB Data"

    def ready(self):
        # The start-up check of the personal-code key (system check thb.E001).
        from thb_data import keys  # noqa: F401


class ThbAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with THB Data's scoped back-office site as the default site.

    Not the default configuration of ``thb_data`` (that is ThbDataConfig): settings name it.
    """

    default = False
    default_site = "thb_data.admin.ThbAdminSite"
