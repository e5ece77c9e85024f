from django.urls import path

from traffickers import views
from traffickers.exchange_urls import urlpatterns as exchange_urlpatterns

app_name = "traffickers"

urlpatterns = [
    path("", views.record_list, name="list"),
    path("new/", views.record_create, name="create"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<uuid:uuid>/", views.case_detail, name="case_detail"),
    path("cases/<uuid:uuid>/victims/link/", views.case_link_victim, name="case_link_victim"),
    path("cases/<uuid:uuid>/victims/unlink/", views.case_unlink_victim, name="case_unlink_victim"),
    path("<uuid:uuid>/", views.record_detail, name="detail"),
    path("<uuid:uuid>/edit/", views.record_edit, name="edit"),
    path("<uuid:uuid>/stage/<slug:stage>/", views.record_stage, name="stage"),
    path("<uuid:uuid>/delete/", views.record_delete, name="delete"),
    path("<uuid:uuid>/restore/", views.record_restore, name="restore"),
    *exchange_urlpatterns,
]
