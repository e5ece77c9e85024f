from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Synthetic records at any scale (``manage.py generate_demo_data``): above both record apps,
    whose models it writes."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
