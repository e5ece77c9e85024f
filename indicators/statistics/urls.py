from django.urls import path

from indicators.statistics import views

app_name = "statistics"

urlpatterns = [
    path("", views.index, name="index"),
    path("compare/<int:year>/", views.compare_territories, name="compare"),
    path("<str:territory>/<int:year>/", views.year_page, name="year"),
    path("<str:territory>/<int:year>/sign-off/", views.sign_off, name="sign_off"),
    path("<str:territory>/<int:year>/reopen/", views.reopen, name="reopen"),
    path("<str:territory>/<int:year>/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<str:territory>/<int:year>/export.zip", views.export_zip, name="export_zip"),
    path("<str:territory>/<int:year>/export.sdmx.zip", views.export_sdmx, name="export_sdmx"),
    path("<str:territory>/<int:year>/htcds/", views.htcds_page, name="htcds"),
    path("<str:territory>/<int:year>/export.htcds.zip", views.export_htcds, name="export_htcds"),
    path(
        "<str:territory>/<int:year>/questionnaire/<slug:questionnaire>.xlsx",
        views.export_questionnaire,
        name="export_questionnaire",
    ),
    path(
        "<str:territory>/<int:year>/editions/compare/",
        views.edition_compare,
        name="edition_compare",
    ),
]
