from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "veiligeplek.cases"
    label = "cases"
    verbose_name = "Casussen, routering en plaatsing"

    def ready(self) -> None:
        from veiligeplek.audit.services import grant_lookup_register
        from veiligeplek.cases import tasks  # noqa: F401 - connects the deadline wake-up
        from veiligeplek.cases.access import break_glass_grants_active

        grant_lookup_register(break_glass_grants_active)
