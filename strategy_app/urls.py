from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import views as accounts_views
from notifications import views as notification_views
from ops.views import favicon, healthz

urlpatterns = [
    path("", include("portfolio.urls")),
    path("missions/<str:acronym>/mandates/", include("mandates.urls")),
    path("missions/<str:acronym>/reviews/", include("reviews.urls")),
    path("missions/<str:acronym>/briefs/", include("briefs.urls")),
    path("missions/<str:acronym>/workbook/", include("workbooks.urls")),
    path("missions/<str:acronym>/council/", include("council.urls")),
    path("missions/<str:acronym>/renewal/", include("renewals.urls")),
    path("missions/<str:acronym>/benchmarks/", include("benchmarks.urls")),
    path("missions/<str:acronym>/evidence/", include("evidence.urls")),
    path("missions/<str:acronym>/transition/", include("transition.urls")),
    path("missions/<str:acronym>/search/", include("search.urls")),
    path("missions/<str:acronym>/", include("strategies.urls")),
    path("notifications/", include("notifications.urls")),
    path("calendar/", include("reviews.reminders.urls")),
    path("accounts/login/", accounts_views.SignInView.as_view(), name="login"),
    path("accounts/logout/", accounts_views.sign_out, name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/tokens/", include("core.urls")),
    path("accounts/", include("accounts.urls")),
    path("i18n/setlang/", notification_views.set_language, name="set_language"),
    path("api/v1/", include("strategy_app.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its init script from a URL rather than inline; Swagger UI's
    # stylesheet draws some icons as data: images, allowed on this page only.
    path(
        "api/docs/",
        csp_update({"img-src": ["data:"]})(SpectacularSwaggerSplitView.as_view(url_name="schema")),
        name="api-docs",
    ),
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", favicon),
    # Refused while LOCAL_LOGIN_ENABLED is off; the second factor is asked after it as anywhere.
    path("admin/login/", accounts_views.admin_login),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "Strategy workbench administration"
admin.site.site_title = "Strategy workbench admin"
