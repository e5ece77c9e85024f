from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indicators"

    def ready(self):
        from indicators.statistics.final import check_record_write
        from thb_data.records import WRITE_CHECKS

        if check_record_write not in WRITE_CHECKS:
            WRITE_CHECKS.append(check_record_write)
