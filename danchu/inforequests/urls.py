from django.urls import path

from . import views

app_name = "inforequests"

urlpatterns = [
    path("yeu-cau-thong-tin/", views.request_submit, name="request-submit"),
    path("yeu-cau-thong-tin/da-gui/", views.request_submitted, name="request-submitted"),
    path("yeu-cau-thong-tin/theo-doi/", views.request_track, name="request-track"),
    path("yeu-cau-thong-tin/theo-doi/<str:code>/tep/<int:file_pk>/", views.request_track_file,
         name="request-track-file"),
    path("quan-ly/<int:unit_pk>/yeu-cau-thong-tin/", views.request_list, name="request-list"),
    path("quan-ly/<int:unit_pk>/yeu-cau-thong-tin/ghi-nhan/", views.request_record, name="request-record"),
    path("quan-ly/<int:unit_pk>/yeu-cau-thong-tin/xuat.xlsx", views.request_export, name="request-export"),
    path("quan-ly/yeu-cau-thong-tin/<int:pk>/", views.request_detail, name="request-detail"),
    path("quan-ly/yeu-cau-thong-tin/<int:pk>/tep/<int:file_pk>/", views.request_file, name="request-file"),
]
