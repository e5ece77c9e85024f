from django.apps import AppConfig


class TraffickersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "traffickers"
