from django.urls import path, re_path

from . import views

app_name = "units"

urlpatterns = [
    path("don-vi/", views.unit_search, name="unit-search"),
    path("don-vi/<int:pk>/", views.unit_public, name="unit-public"),
    path("don-vi/chon/", views.switch_unit, name="switch-unit"),
    path("quan-ly/<int:unit_pk>/thon/", views.village_list, name="village-list"),
    path("quan-ly/<int:unit_pk>/thon/sap-nhap/", views.village_merge, name="village-merge"),
    path("quan-ly/<int:unit_pk>/thon/nhap/", views.village_import, name="village-import"),
    path("quan-ly/thon/<int:pk>/sua/", views.village_edit, name="village-edit"),
    path("quan-ly/<int:unit_pk>/ho/", views.household_list, name="household-list"),
    path("quan-ly/<int:unit_pk>/ho/them/", views.household_create, name="household-create"),
    path("quan-ly/<int:unit_pk>/ho/nhap/", views.household_import, name="household-import"),
    re_path(r"^quan-ly/(?P<unit_pk>[0-9]+)/ho/xuat\.(?P<fmt>csv|xlsx)$", views.household_export, name="household-export"),
    path("quan-ly/ho/<int:pk>/", views.household_detail, name="household-detail"),
    path("quan-ly/ho/<int:pk>/sua/", views.household_edit, name="household-edit"),
    path("quan-ly/<int:unit_pk>/to-chuc/", views.organisation_list, name="organisation-list"),
    path("quan-ly/to-chuc/<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("quan-ly/<int:unit_pk>/chuc-danh/", views.position_list, name="position-list"),
    path("quan-ly/<int:unit_pk>/nhat-ky/", views.audit_log, name="audit-log"),
]
