"""Import and record-level export pages of the victims database (see indicators.exchange)."""

from indicators.exchange.views import exchange_urlpatterns

urlpatterns = exchange_urlpatterns("victims")
