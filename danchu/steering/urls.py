from django.urls import path

from . import views, views_more

app_name = "steering"

urlpatterns = [
    path("quan-ly/<int:unit_pk>/chi-dao/", views.home, name="home"),
    path("quan-ly/<int:unit_pk>/chi-dao/bang-theo-doi/", views_more.dashboard, name="dashboard"),
    path("quan-ly/<int:unit_pk>/chi-dao/ke-hoach/them/", views.plan_create, name="plan-create"),
    path("quan-ly/chi-dao/ke-hoach/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("quan-ly/chi-dao/nhiem-vu/<int:pk>/", views.task_detail, name="task-detail"),
    path("quan-ly/chi-dao/nhiem-vu/<int:pk>/minh-chung/<int:update_pk>/", views.task_evidence, name="task-evidence"),
    path("quan-ly/<int:unit_pk>/chi-dao/mau-bao-cao/them/", views.template_create, name="template-create"),
    path("quan-ly/chi-dao/mau-bao-cao/<int:pk>/", views.template_detail, name="template-detail"),
    path("quan-ly/chi-dao/mau-bao-cao/<int:pk>/tong-hop/", views.rollup, name="rollup"),
    path("quan-ly/chi-dao/mau-bao-cao/<int:pk>/tong-hop/xuat.<str:fmt>", views.rollup_export, name="rollup-export"),
    path("quan-ly/chi-dao/mau-bao-cao/<int:pk>/lap/<int:unit_pk>/", views.submission_open, name="submission-open"),
    path("quan-ly/chi-dao/bao-cao/<int:pk>/", views.submission_detail, name="submission-detail"),
    path("quan-ly/<int:unit_pk>/chi-dao/kiem-tra/", views_more.inspection_list, name="inspection-list"),
    path("quan-ly/chi-dao/kiem-tra/<int:pk>/", views_more.inspection_detail, name="inspection-detail"),
    path("quan-ly/<int:unit_pk>/chi-dao/mo-hinh/", views_more.model_list, name="model-list"),
    path("quan-ly/chi-dao/mo-hinh/<int:pk>/", views_more.model_detail, name="model-detail"),
    path("quan-ly/<int:unit_pk>/chi-dao/tiep-can-phap-luat/", views_more.assessment_list, name="assessment-list"),
    path("quan-ly/chi-dao/tiep-can-phap-luat/<int:pk>/", views_more.assessment_detail, name="assessment-detail"),
    path("quan-ly/<int:unit_pk>/chi-dao/ban-chi-dao/", views_more.committee_list, name="committee-list"),
]
