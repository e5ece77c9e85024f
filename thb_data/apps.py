from django.apps import AppConfig


class ThbDataConfig(AppConfig):
    name = "thb_data"
    verbose_name = "THB Data"
