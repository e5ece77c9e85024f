from django.urls import path

from indicators.quality import views

app_name = "quality"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:territory>/<int:year>/", views.year_page, name="year"),
    path("<str:territory>/<int:year>/records/", views.records, name="records"),
]
