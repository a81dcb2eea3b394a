from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "veiligeplek.audit"
    label = "audit"
    verbose_name = "Auditlog (NEN 7513)"

    def ready(self) -> None:
        from veiligeplek.audit.grants import app_role_grant

        post_migrate.connect(app_role_grant, sender=self, dispatch_uid="audit-app-role-grant")
