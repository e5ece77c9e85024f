"""Import and record-level export pages of the victims database (see indicators.exchange)."""

urlpatterns = []
