from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "veiligeplek.audit"
    label = "audit"
    verbose_name = "Auditlog (NEN 7513)"
