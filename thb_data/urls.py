from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from thb_data.accounts import views as account_views
from thb_data.accounts.session import keep_alive
from thb_data.health import healthz, livez

urlpatterns = [
    path("", account_views.home, name="home"),
    path("accounts/login/", account_views.SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/language/", account_views.set_language, name="set_language"),
    path("accounts/second-factor/", account_views.second_factor, name="second_factor"),
    path("session/keep-alive/", keep_alive, name="keep_alive"),
    path("indicators/", include("indicators.urls")),
    path("victims/", include("victims.urls")),
    path("traffickers/", include("traffickers.urls")),
    path("statistics/", include("indicators.statistics.urls")),
    path("quality/", include("indicators.quality.urls")),
    path("audit/", include("thb_data.audit.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("livez", livez, name="livez"),
]

# A database timeout is a 503 page saying the database was busy and nothing was saved.
handler500 = "thb_data.db.server_error"
