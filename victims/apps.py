from django.apps import AppConfig


class VictimsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "victims"
