from django.urls import path

from . import views

app_name = "conventions"

urlpatterns = [
    path("huong-uoc/", views.public_index, name="public-index"),
    path("huong-uoc/xa/<int:commune_pk>/", views.public_list, name="public-list"),
    path("huong-uoc/<int:pk>/", views.public_detail, name="public-detail"),
    path("huong-uoc/<int:pk>/gop-y/", views.public_comment, name="public-comment"),
    path("huong-uoc/<int:pk>/quyet-dinh-cong-nhan.<str:extension>", views.decision_document, name="decision-document"),
    path("quan-ly/<int:unit_pk>/huong-uoc/", views.staff_list, name="staff-list"),
    path("quan-ly/<int:unit_pk>/huong-uoc/them/", views.staff_create, name="staff-create"),
    path("quan-ly/huong-uoc/<int:pk>/", views.staff_detail, name="staff-detail"),
]
