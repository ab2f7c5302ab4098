from django.urls import path

from . import views, views_public

app_name = "cases"

urlpatterns = [
    # public
    path("tiep-cong-dan/", views_public.reception_index, name="reception-index"),
    path("tiep-cong-dan/<int:unit_pk>/", views_public.schedule_public, name="schedule-public"),
    path("tiep-cong-dan/<int:unit_pk>/lich.ics", views_public.schedule_ics, name="schedule-ics"),
    path("tiep-cong-dan/dang-ky/<int:session_pk>/", views_public.booking_create, name="booking-create"),
    path("tiep-cong-dan/da-dang-ky/", views_public.booking_done, name="booking-done"),
    path("tiep-cong-dan/dang-ky-cua-toi/", views_public.my_bookings, name="my-bookings"),
    path("don-thu/theo-doi/", views_public.case_track, name="case-track"),
    path("to-cao/ket-luan/<int:pk>/", views_public.conclusion_public, name="conclusion-public"),
    # staff: reception
    path("quan-ly/<int:unit_pk>/lich-tiep-cong-dan/", views.schedule, name="schedule"),
    path("quan-ly/lich-tiep-cong-dan/<int:pk>/", views.session_detail, name="session-detail"),
    path("quan-ly/lich-tiep-cong-dan/<int:pk>/huy/", views.session_cancel, name="session-cancel"),
    path("quan-ly/<int:unit_pk>/so-tiep-cong-dan/", views.book, name="book"),
    path("quan-ly/<int:unit_pk>/so-tiep-cong-dan/xuat.xlsx", views.book_export, name="book-export"),
    path("quan-ly/<int:unit_pk>/so-tiep-cong-dan/ghi-so/", views.visit_record, name="visit-record"),
    path("quan-ly/so-tiep-cong-dan/<int:pk>/", views.entry_detail, name="entry-detail"),
    # staff: cases
    path("quan-ly/<int:unit_pk>/don-thu/", views.case_list, name="case-list"),
    path("quan-ly/<int:unit_pk>/don-thu/vao-so/", views.letter_record, name="letter-record"),
    path("quan-ly/don-thu/<int:pk>/", views.case_detail, name="case-detail"),
    path("quan-ly/don-thu/<int:pk>/van-ban/<int:doc_pk>.<str:fmt>", views.case_document, name="case-document"),
    path("quan-ly/bao-mat/<str:kind>/<int:pk>/", views.identity_reveal, name="identity-reveal"),
    # staff: mediation
    path("quan-ly/<int:unit_pk>/hoa-giai/", views.mediation, name="mediation"),
    path("quan-ly/<int:unit_pk>/hoa-giai/thong-ke/", views.mediation_stats, name="mediation-stats"),
    path("quan-ly/hoa-giai/to/<int:pk>/", views.team_detail, name="team-detail"),
    path("quan-ly/hoa-giai/vu-viec/<int:pk>/", views.mediation_detail, name="mediation-detail"),
]
