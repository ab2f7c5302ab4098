from django.urls import path

from .api import plans, reports, rollup

urlpatterns = [
    path("steering/plans/", plans.PlanListApi.as_view(), name="api-steering-plans"),
    path("steering/plans/<int:pk>/", plans.PlanDetailApi.as_view(), name="api-steering-plan"),
    path("steering/plans/<int:pk>/issue/", plans.PlanIssueApi.as_view(), name="api-steering-plan-issue"),
    path("steering/plans/<int:pk>/tasks/", plans.PlanTasksApi.as_view(), name="api-steering-plan-tasks"),
    path("steering/tasks/", plans.TaskListApi.as_view(), name="api-steering-tasks"),
    path("steering/tasks/<int:pk>/progress/", plans.TaskProgressApi.as_view(), name="api-steering-task-progress"),
    path("steering/templates/", reports.TemplateListApi.as_view(), name="api-steering-templates"),
    path("steering/templates/<int:pk>/", reports.TemplateDetailApi.as_view(), name="api-steering-template"),
    path("steering/templates/<int:pk>/indicators/", reports.TemplateIndicatorsApi.as_view(),
         name="api-steering-template-indicators"),
    path("steering/templates/<int:pk>/issue/", reports.TemplateIssueApi.as_view(), name="api-steering-template-issue"),
    path("steering/templates/<int:pk>/status/", reports.TemplateStatusApi.as_view(), name="api-steering-template-status"),
    path("steering/templates/<int:pk>/results/", rollup.TemplateResultsApi.as_view(),
         name="api-steering-template-results"),
    path("steering/submissions/", reports.SubmissionOpenApi.as_view(), name="api-steering-submissions"),
    path("steering/submissions/<int:pk>/", reports.SubmissionDetailApi.as_view(), name="api-steering-submission"),
    path("steering/submissions/<int:pk>/values/", reports.SubmissionValuesApi.as_view(),
         name="api-steering-submission-values"),
    path("steering/submissions/<int:pk>/submit/", reports.SubmissionSubmitApi.as_view(),
         name="api-steering-submission-submit"),
    path("steering/submissions/<int:pk>/return/", reports.SubmissionReturnApi.as_view(),
         name="api-steering-submission-return"),
    path("steering/submissions/<int:pk>/accept/", reports.SubmissionAcceptApi.as_view(),
         name="api-steering-submission-accept"),
]
