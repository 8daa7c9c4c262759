from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("chartes/<slug:slug>/instances/", views.committee_list, name="committee_list"),
    path("instances/<int:pk>/", views.committee_detail, name="committee_detail"),
]
