from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "thb_data.accounts"
    label = "accounts"
    verbose_name = "Territories, institutions and users"
