app_name = "victims"

urlpatterns = []
