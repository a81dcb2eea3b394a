from django.urls import path

from veiligeplek.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_home, name="home"),
    path("casus/<str:number>/", views.audit_case, name="case"),
    path("gebruiker/<str:username>/", views.audit_user, name="user"),
]
