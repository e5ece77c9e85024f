from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "thb_data.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self):
        from thb_data.audit import signals  # noqa: F401
