"""Staff register URLs (namespace "disclosure", names "staff-…"), included by danchu/disclosure/urls.py."""

from django.urls import path

from . import views_staff as v

P = "quan-ly/<int:unit_pk>/cong-khai/"

urlpatterns = [
    path(P, v.item_list, name="staff-list"),
    path(P + "them/", v.item_create, name="staff-create"),
    path(P + "tuan-thu/", v.compliance, name="staff-compliance"),
    path(P + "thiet-lap/", v.settings_edit, name="staff-settings"),
    path(P + "<int:pk>/", v.item_detail, name="staff-detail"),
    path(P + "<int:pk>/sua/", v.item_edit, name="staff-edit"),
    path(P + "<int:pk>/dang/", v.item_publish, name="staff-publish"),
    path(P + "<int:pk>/go/", v.item_withdraw, name="staff-withdraw"),
    path(P + "<int:pk>/tep/<int:attachment_pk>/", v.item_attachment, name="staff-attachment"),
    path(P + "<int:pk>/tep/<int:attachment_pk>/bo/", v.item_detach, name="staff-detach"),
    path(P + "<int:pk>/niem-yet/", v.posting_add, name="staff-posting-add"),
    path(P + "<int:pk>/niem-yet/<int:posting_pk>/ket-thuc/", v.posting_end, name="staff-posting-end"),
    path(P + "<int:pk>/niem-yet/<int:posting_pk>/minh-chung/", v.posting_proof, name="staff-posting-proof"),
]
