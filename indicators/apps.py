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

        from indicators.home import drafts_panel, quality_panel
        from thb_data.accounts.models import Role
        from thb_data.home import register_home_panel

        register_home_panel(Role.CASEWORKER, drafts_panel("victims", title="Your drafts"), order=10)
        register_home_panel(
            Role.PROSECUTOR, drafts_panel("traffickers", title="Your drafts"), order=20
        )
        register_home_panel(Role.COORDINATOR, quality_panel, order=10)
