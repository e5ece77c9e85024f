from thb_data.records import ReportingYear  # noqa: F401  (the reporting-year lock)
