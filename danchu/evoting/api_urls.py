from django.urls import path

from . import api

urlpatterns = [
    path("evoting/polls/", api.PollListApi.as_view(), name="api-evoting-polls"),
    path("evoting/polls/<int:pk>/", api.PollDetailApi.as_view(), name="api-evoting-poll"),
    path("evoting/polls/<int:pk>/open/", api.ACTION_VIEWS["open"].as_view(), name="api-evoting-poll-open"),
    path("evoting/polls/<int:pk>/close/", api.ACTION_VIEWS["close"].as_view(), name="api-evoting-poll-close"),
    path("evoting/polls/<int:pk>/publish/", api.ACTION_VIEWS["publish"].as_view(), name="api-evoting-poll-publish"),
    path("evoting/polls/<int:pk>/votes/", api.VoteApi.as_view(), name="api-evoting-vote"),
    path("evoting/polls/<int:pk>/receipts/verify/", api.ReceiptApi.as_view(), name="api-evoting-receipt"),
    path("evoting/polls/<int:pk>/results/", api.ResultApi.as_view(), name="api-evoting-results"),
    path("evoting/polls/<int:pk>/ballots/", api.BallotExportApi.as_view(), name="api-evoting-ballots"),
    path("evoting/opt-ins/", api.OptInListApi.as_view(), name="api-evoting-opt-ins"),
]
