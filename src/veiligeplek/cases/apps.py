from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "veiligeplek.cases"
    label = "cases"
    verbose_name = "Casussen, routering en plaatsing"

    def ready(self) -> None:
        from veiligeplek.cases import tasks  # noqa: F401 - connects the deadline wake-up
