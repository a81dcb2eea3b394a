from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "veiligeplek.accounts"
    label = "accounts"
    verbose_name = "Gebruikers en rollen"

    def ready(self) -> None:
        from veiligeplek.accounts import sessions  # noqa: F401 - connects the login receiver
