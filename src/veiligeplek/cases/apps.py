from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "veiligeplek.cases"
    label = "cases"
    verbose_name = "Casussen, routering en plaatsing"
