from django.urls import path, re_path

from . import open311, views

app_name = "feedback"

FMT = r"\.(?P<fmt>json|xml)"

urlpatterns = [
    # residents
    path("phan-anh/", views.public_index, name="public-index"),
    path("phan-anh/gui/", views.submit, name="submit"),
    path("phan-anh/da-gui/", views.submitted, name="submitted"),
    path("phan-anh/theo-doi/", views.track, name="track"),
    path("phan-anh/theo-doi/<str:code>/anh/<int:photo_pk>/", views.track_photo, name="track-photo"),
    path("phan-anh/xa/<int:unit_pk>/", views.public_commune, name="public-commune"),
    path("phan-anh/<int:pk>/anh/<int:photo_pk>/", views.public_photo, name="public-photo"),
    # staff
    path("quan-ly/<int:unit_pk>/phan-anh/", views.staff_list, name="staff-list"),
    path("quan-ly/<int:unit_pk>/phan-anh/ghi-nhan/", views.staff_record, name="staff-record"),
    path("quan-ly/<int:unit_pk>/phan-anh/thong-ke/", views.staff_stats, name="staff-stats"),
    path("quan-ly/<int:unit_pk>/phan-anh/xuat.xlsx", views.staff_export, name="staff-export"),
    path("quan-ly/<int:unit_pk>/phan-anh/phan-cong/", views.staff_routes, name="staff-routes"),
    path("quan-ly/phan-anh/<int:pk>/", views.staff_detail, name="staff-detail"),
    path("quan-ly/phan-anh/<int:pk>/anh/<int:photo_pk>/", views.staff_photo, name="staff-photo"),
    # Open311 GeoReport v2 (XML required, JSON optional: both)
    re_path(r"^open311/v2/discovery" + FMT + "$", open311.discovery, name="open311-discovery"),
    re_path(r"^open311/v2/services" + FMT + "$", open311.service_list, name="open311-services"),
    re_path(r"^open311/v2/services/(?P<code>[^/]{1,100})" + FMT + "$", open311.service_definition,
            name="open311-service"),
    re_path(r"^open311/v2/requests" + FMT + "$", open311.requests, name="open311-requests"),
    re_path(r"^open311/v2/requests/(?P<request_id>[^/]{1,100})" + FMT + "$", open311.request_detail,
            name="open311-request"),
    re_path(r"^open311/v2/tokens/(?P<token>[^/]{1,100})" + FMT + "$", open311.token, name="open311-token"),
    re_path(r"^open311/v2/(?P<rest>.*)$", open311.invalid_url, name="open311-invalid"),
]
