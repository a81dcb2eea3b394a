from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "veiligeplek.accounts"
    label = "accounts"
    verbose_name = "Gebruikers en rollen"
