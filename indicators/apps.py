from django.apps import AppConfig
from django.db.models.signals import post_save


class IndicatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indicators"

    def ready(self):
        from indicators.defaults import (
            seed_demo_population,
            seed_loaded_territories,
            seed_new_territory,
        )
        from thb_data.demo import base_fixtures_loaded

        post_save.connect(
            seed_new_territory, sender="accounts.Territory", dispatch_uid="seed_new_territory"
        )
        base_fixtures_loaded.connect(
            seed_loaded_territories, dispatch_uid="seed_loaded_territories"
        )
        base_fixtures_loaded.connect(seed_demo_population, dispatch_uid="seed_demo_population")

        from indicators.statistics.final import check_record_write
        from thb_data.records import WRITE_CHECKS

        if check_record_write not in WRITE_CHECKS:
            WRITE_CHECKS.append(check_record_write)
