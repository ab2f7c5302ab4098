from django.urls import path

from .views import access_to_law, committees, dashboard, exemplary, home, inspections, plans, reports, rollup

app_name = "steering"

urlpatterns = [
    path("quan-ly/<int:unit_pk>/chi-dao/", home.home, name="home"),
    path("quan-ly/<int:unit_pk>/chi-dao/bang-theo-doi/", dashboard.dashboard, name="dashboard"),
    path("quan-ly/<int:unit_pk>/chi-dao/ke-hoach/them/", plans.plan_create, name="plan-create"),
    path("quan-ly/chi-dao/ke-hoach/<int:pk>/", plans.plan_detail, name="plan-detail"),
    path("quan-ly/chi-dao/nhiem-vu/<int:pk>/", plans.task_detail, name="task-detail"),
    path("quan-ly/chi-dao/nhiem-vu/<int:pk>/minh-chung/<int:update_pk>/", plans.task_evidence, name="task-evidence"),
    path("quan-ly/<int:unit_pk>/chi-dao/mau-bao-cao/them/", reports.template_create, name="template-create"),
    path("quan-ly/chi-dao/mau-bao-cao/<int:pk>/", reports.template_detail, name="template-detail"),
    path("quan-ly/chi-dao/mau-bao-cao/<int:pk>/tong-hop/", rollup.rollup, name="rollup"),
    path("quan-ly/chi-dao/mau-bao-cao/<int:pk>/tong-hop/xuat.<str:fmt>", rollup.rollup_export, name="rollup-export"),
    path("quan-ly/chi-dao/mau-bao-cao/<int:pk>/lap/<int:unit_pk>/", reports.submission_open, name="submission-open"),
    path("quan-ly/chi-dao/bao-cao/<int:pk>/", reports.submission_detail, name="submission-detail"),
    path("quan-ly/<int:unit_pk>/chi-dao/kiem-tra/", inspections.inspection_list, name="inspection-list"),
    path("quan-ly/chi-dao/kiem-tra/<int:pk>/", inspections.inspection_detail, name="inspection-detail"),
    path("quan-ly/<int:unit_pk>/chi-dao/mo-hinh/", exemplary.model_list, name="model-list"),
    path("quan-ly/chi-dao/mo-hinh/<int:pk>/", exemplary.model_detail, name="model-detail"),
    path("quan-ly/<int:unit_pk>/chi-dao/tiep-can-phap-luat/", access_to_law.assessment_list, name="assessment-list"),
    path("quan-ly/chi-dao/tiep-can-phap-luat/<int:pk>/", access_to_law.assessment_detail, name="assessment-detail"),
    path("quan-ly/<int:unit_pk>/chi-dao/ban-chi-dao/", committees.committee_list, name="committee-list"),
]
