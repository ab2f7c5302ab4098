from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("lich-lam-viec/", views.calendar_page, name="calendar"),
    path("lich-lam-viec/<int:year>/", views.calendar_page, name="calendar-year"),
    path("thong-bao/", views.notification_list, name="notifications"),
    path("nhat-ky/moc-kiem-tra/", views.audit_checkpoints, name="audit-checkpoints"),
    path("nhat-ky/moc-kiem-tra.json", views.audit_checkpoints, {"fmt": "json"}, name="audit-checkpoints-json"),
    path("thong-bao/<int:pk>/da-doc/", views.notification_read, name="notification-read"),
]
