app_name = "traffickers"

urlpatterns = []
