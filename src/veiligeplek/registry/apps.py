from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "veiligeplek.registry"
    label = "registry"
    verbose_name = "Register van opvangplekken"
