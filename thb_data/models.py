from thb_data.imports import PendingImport  # noqa: F401  (uploads between preview and confirm)
from thb_data.keys import KeyFingerprint  # noqa: F401, E402  (the personal-code key check)
from thb_data.records import ReportingYear  # noqa: F401  (the reporting-year lock)
