from django.urls import path

from veiligeplek.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("inloggen/code/", views.mfa_verify, name="mfa_verify"),
    path("inloggen/authenticator-koppelen/", views.mfa_enrol, name="mfa_enrol"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("account/", views.account, name="account"),
    path("account/wachtwoord/", views.PasswordChangeView.as_view(), name="password_change"),
    path("account/herstelcodes/", views.recovery_codes_renew, name="recovery_codes"),
    path("account/overal-uitloggen/", views.logout_everywhere, name="logout_everywhere"),
    path("beheer/markering/<int:user_id>/afgehandeld/", views.flag_clear, name="flag_clear"),
]
