from django.urls import path

from . import views

app_name = "decisions"

urlpatterns = [
    # public
    path("dan-ban/don-vi/<int:unit_pk>/", views.decision_public_list, name="public-list"),
    path("dan-ban/<int:pk>/", views.decision_public, name="decision-public"),
    path("dan-ban/<int:pk>/mau-<int:number>.<str:ext>", views.document_public, name="document-public"),
    path("dan-ban/sang-kien/<int:pk>/", views.initiative_public, name="initiative-public"),
    # staff
    path("quan-ly/<int:unit_pk>/dan-ban/", views.decision_list, name="decision-list"),
    path("quan-ly/<int:unit_pk>/dan-ban/tao/", views.decision_create, name="decision-create"),
    path("quan-ly/<int:unit_pk>/sang-kien/", views.initiative_list, name="initiative-list"),
    path("quan-ly/dan-ban/<int:pk>/", views.decision_detail, name="decision-detail"),
    path("quan-ly/dan-ban/<int:pk>/mau-<int:number>.<str:ext>", views.document_staff, name="document"),
    path("quan-ly/dan-ban/<int:pk>/hop/<int:meeting_pk>/diem-danh/", views.meeting_attendance,
         name="meeting-attendance"),
    path("quan-ly/dan-ban/<int:pk>/hop/<int:meeting_pk>/diem-danh/<int:household_pk>/", views.attendance_toggle,
         name="attendance-toggle"),
    path("quan-ly/dan-ban/<int:pk>/hop/<int:meeting_pk>/ket-qua/", views.meeting_result, name="meeting-result"),
    path("quan-ly/dan-ban/<int:pk>/phieu/", views.ballot_entry, name="ballot-entry"),
    path("quan-ly/sang-kien/<int:pk>/", views.initiative_detail, name="initiative-detail"),
]
