"""Import and record-level export pages of the traffickers database (see indicators.exchange)."""

urlpatterns = []
