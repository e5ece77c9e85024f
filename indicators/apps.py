from django.apps import AppConfig
from django.db.models.signals import post_save


class IndicatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indicators"

    def ready(self):
        from indicators.defaults import seed_new_territory

        post_save.connect(
            seed_new_territory, sender="accounts.Territory", dispatch_uid="seed_new_territory"
        )
