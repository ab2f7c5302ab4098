urlpatterns: list = []
app_name = "core"
