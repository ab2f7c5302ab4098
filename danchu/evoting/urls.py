from django.urls import path

from . import views

app_name = "evoting"

urlpatterns = [
    path("bieu-quyet/", views.poll_index, name="poll-index"),
    path("bieu-quyet/<int:pk>/", views.poll_detail, name="poll-detail"),
    path("bieu-quyet/<int:pk>/bo-phieu/", views.poll_vote, name="poll-vote"),
    path("bieu-quyet/<int:pk>/ket-qua/", views.poll_result, name="poll-result"),
    path("bieu-quyet/<int:pk>/phieu.json", views.poll_export, {"fmt": "json"}, name="poll-export-json"),
    path("bieu-quyet/<int:pk>/phieu.csv", views.poll_export, {"fmt": "csv"}, name="poll-export-csv"),
    path("bieu-quyet/dang-ky/<int:household_pk>/", views.opt_in_toggle, name="opt-in-toggle"),
    path("quan-ly/<int:unit_pk>/bieu-quyet/", views.poll_list, name="poll-list"),
    path("quan-ly/<int:unit_pk>/bieu-quyet/tao/", views.poll_create, name="poll-create"),
    path("quan-ly/<int:unit_pk>/bieu-quyet/dang-ky/", views.opt_in_register, name="opt-in-register"),
    path("quan-ly/bieu-quyet/<int:pk>/", views.poll_manage, name="poll-manage"),
    path("quan-ly/bieu-quyet/<int:pk>/<slug:action>/", views.poll_action, name="poll-action"),
]
