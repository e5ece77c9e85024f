from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "thb_data.accounts"
    label = "accounts"
    verbose_name = "Territories, institutions and users"

    def ready(self):
        from thb_data.accounts import signals  # noqa: F401
