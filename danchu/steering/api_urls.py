from django.urls import path

from . import api

urlpatterns = [
    path("steering/plans/", api.PlanListApi.as_view(), name="api-steering-plans"),
    path("steering/plans/<int:pk>/", api.PlanDetailApi.as_view(), name="api-steering-plan"),
    path("steering/plans/<int:pk>/issue/", api.PlanIssueApi.as_view(), name="api-steering-plan-issue"),
    path("steering/plans/<int:pk>/tasks/", api.PlanTasksApi.as_view(), name="api-steering-plan-tasks"),
    path("steering/tasks/", api.TaskListApi.as_view(), name="api-steering-tasks"),
    path("steering/tasks/<int:pk>/progress/", api.TaskProgressApi.as_view(), name="api-steering-task-progress"),
    path("steering/templates/", api.TemplateListApi.as_view(), name="api-steering-templates"),
    path("steering/templates/<int:pk>/", api.TemplateDetailApi.as_view(), name="api-steering-template"),
    path("steering/templates/<int:pk>/indicators/", api.TemplateIndicatorsApi.as_view(),
         name="api-steering-template-indicators"),
    path("steering/templates/<int:pk>/issue/", api.TemplateIssueApi.as_view(), name="api-steering-template-issue"),
    path("steering/templates/<int:pk>/status/", api.TemplateStatusApi.as_view(), name="api-steering-template-status"),
    path("steering/templates/<int:pk>/results/", api.TemplateResultsApi.as_view(),
         name="api-steering-template-results"),
    path("steering/submissions/", api.SubmissionOpenApi.as_view(), name="api-steering-submissions"),
    path("steering/submissions/<int:pk>/", api.SubmissionDetailApi.as_view(), name="api-steering-submission"),
    path("steering/submissions/<int:pk>/values/", api.SubmissionValuesApi.as_view(),
         name="api-steering-submission-values"),
    path("steering/submissions/<int:pk>/submit/", api.SubmissionSubmitApi.as_view(),
         name="api-steering-submission-submit"),
    path("steering/submissions/<int:pk>/return/", api.SubmissionReturnApi.as_view(),
         name="api-steering-submission-return"),
    path("steering/submissions/<int:pk>/accept/", api.SubmissionAcceptApi.as_view(),
         name="api-steering-submission-accept"),
]
