from django.urls import path

from . import views

app_name = "consultations"

S = "quan-ly/lay-y-kien/<int:pk>/"

urlpatterns = [
    # public
    path("don-vi/<int:pk>/lay-y-kien/", views.public_list, name="public-list"),
    path("lay-y-kien/<int:pk>/", views.public_detail, name="public-detail"),
    path("lay-y-kien/<int:pk>/tai-lieu/<int:attachment_pk>/", views.public_document, name="public-document"),
    path("lay-y-kien/<int:pk>/bao-cao-tong-hop.<str:fmt>", views.report_download, name="report"),
    # staff
    path("quan-ly/<int:unit_pk>/lay-y-kien/", views.staff_list, name="staff-list"),
    path("quan-ly/<int:unit_pk>/lay-y-kien/them/", views.staff_create, name="staff-create"),
    path(S, views.staff_detail, name="staff-detail"),
    path(S + "sua/", views.staff_edit, name="staff-edit"),
    path(S + "thao-tac/", views.staff_action, name="staff-action"),
    path(S + "y-kien/", views.opinion_record, name="opinion-record"),
    path(S + "y-kien/<int:opinion_pk>/tong-hop/", views.entry_for_opinion, name="entry-opinion"),
    path(S + "tong-hop/gop-nhom/", views.entry_group, name="entry-group"),
    path(S + "tong-hop/<int:entry_pk>/xoa/", views.entry_delete, name="entry-delete"),
    path(S + "tep/<int:attachment_pk>/", views.staff_file, name="staff-file"),
    path(S + "tai-lieu/<int:attachment_pk>/bo/", views.staff_detach, name="staff-detach"),
]
