from django.urls import path

from . import views

app_name = "syntheses"

urlpatterns = [
    path("chartes/<slug:slug>/syntheses/", views.history, name="history"),
    path("chartes/<slug:slug>/syntheses/publiees/", views.published_list, name="published_list"),
    path("syntheses/<int:pk>/", views.detail, name="detail"),
    path("syntheses/<int:pk>/pdf/", views.download, name="download"),
    path("syntheses/<int:pk>/publier/", views.publish, name="publish"),
    path("syntheses/<int:pk>/retirer/", views.unpublish, name="unpublish"),
    path("syntheses/<int:pk>/relancer/", views.relaunch, name="relaunch"),
]
