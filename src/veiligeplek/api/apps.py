from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "veiligeplek.api"
    label = "api"
    verbose_name = "API"
