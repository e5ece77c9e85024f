from victims.exchange_urls import urlpatterns as exchange_urlpatterns

app_name = "victims"

urlpatterns = [
    # Pages of the victims database go here.
    *exchange_urlpatterns,
]
