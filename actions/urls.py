from django.urls import path

from . import views

app_name = "actions"

urlpatterns = [
    path("chartes/<slug:slug>/fiches/", views.sheet_list, name="sheet_list"),
]
