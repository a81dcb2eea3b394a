from django.apps import AppConfig


class MonitorConfig(AppConfig):
    name = "veiligeplek.monitor"
    label = "monitor"
    verbose_name = "Monitoring"
