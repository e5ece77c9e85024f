from django.apps import AppConfig


class VictimsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "victims"

    def ready(self):
        from indicators.registry import register_record_model

        register_record_model(self.get_model("VictimRecord"))
