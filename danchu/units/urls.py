urlpatterns: list = []
app_name = "units"
