from django.urls import path

from thb_data.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.audit_entry_list, name="list"),
]
