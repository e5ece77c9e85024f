from django.apps import AppConfig


class VictimsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "victims"

    def ready(self):
        from indicators.registry import register_duplicate_finder, register_record_model
        from victims.duplicates import duplicate_groups

        register_record_model(self.get_model("VictimRecord"))
        register_duplicate_finder("victims", duplicate_groups)
