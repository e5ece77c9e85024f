"""Import and record-level export pages of the traffickers database (see indicators.exchange)."""

from indicators.exchange.views import exchange_urlpatterns

urlpatterns = exchange_urlpatterns("traffickers")
