from django.apps import AppConfig


class TraffickersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "traffickers"

    def ready(self):
        from indicators.registry import register_record_model

        register_record_model(self.get_model("TraffickerRecord"))

        from thb_data.accounts.models import Role
        from thb_data.home import register_home_panel
        from traffickers.home import next_stage_panel

        register_home_panel(Role.PROSECUTOR, next_stage_panel, order=10)
