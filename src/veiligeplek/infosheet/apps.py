from django.apps import AppConfig


class InfoSheetConfig(AppConfig):
    name = "veiligeplek.infosheet"
    label = "infosheet"
    verbose_name = "Informatieblad"
