from traffickers.exchange_urls import urlpatterns as exchange_urlpatterns

app_name = "traffickers"

urlpatterns = [
    # Pages of the traffickers database go here.
    *exchange_urlpatterns,
]
