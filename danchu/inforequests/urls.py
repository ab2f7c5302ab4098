app_name = "inforequests"
urlpatterns: list = []
