from django.urls import path

from victims import duplicate_views, views
from victims.exchange_urls import urlpatterns as exchange_urlpatterns

app_name = "victims"

urlpatterns = [
    path("", views.victim_record_list, name="list"),
    path("new/", views.victim_record_create, name="create"),
    path("duplicates/", duplicate_views.duplicates, name="duplicates"),
    path("<uuid:uuid>/", views.victim_record_detail, name="detail"),
    path("<uuid:uuid>/edit/", views.victim_record_edit, name="edit"),
    path("<uuid:uuid>/delete/", views.victim_record_delete, name="delete"),
    path("<uuid:uuid>/restore/", views.victim_record_restore, name="restore"),
    *exchange_urlpatterns,
]
