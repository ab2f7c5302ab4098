from django.urls import path

from . import views

app_name = "elections"

urlpatterns = [
    path("bau-cu/", views.public_index, name="public-index"),
    path("bau-cu/xa/<int:commune_pk>/", views.public_list, name="public-list"),
    path("bau-cu/<int:pk>/", views.public_detail, name="public-detail"),
    path("quan-ly/<int:unit_pk>/bau-cu/", views.staff_list, name="staff-list"),
    path("quan-ly/<int:unit_pk>/bau-cu/them/", views.staff_plan, name="staff-plan"),
    path("quan-ly/<int:unit_pk>/bau-cu/cho-thoi/", views.dismissal_open, name="dismissal-open"),
    path("quan-ly/bau-cu/<int:pk>/", views.staff_detail, name="staff-detail"),
    path("quan-ly/cho-thoi/<int:pk>/", views.dismissal_detail, name="dismissal-detail"),
]
