from django.urls import path

from veiligeplek.infosheet import views

app_name = "infosheet"
urlpatterns = [
    path("casussen/<str:number>/informatieblad/", views.case_sheet_page, name="case"),
    path("signaal/<str:number>/informatieblad/", views.signal_sheet_page, name="signal"),
    path("informatie/", views.public_index, name="public_index"),
    path("informatie/<str:code>/", views.public_page, name="public"),
]
