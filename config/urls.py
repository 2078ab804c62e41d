from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import routing as cms_routing
from core import health
from core import language as core_language
from core import views as core_views
from surveys import views as survey_views

urlpatterns = [
    # Probes for load balancers and deploy scripts: anonymous, no redirects (core.health).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # One login for everyone (ours: rate limits, the login delay, then the second factor): the admins' own login
    # pages send there, keeping ?next=.
    path("django-admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("cms-admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("django-admin/", admin.site.urls),
    path("cms-admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Django's auth views, except that an invalid form answers 400 (core.views); the rest as Django ships them.
    path("accounts/login/", core_views.LoginView.as_view(), name="login"),
    path("accounts/password_change/", core_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_reset/", core_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        core_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/", include("core.signin.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/switch/<str:code>/", core_language.switch_language, name="switch_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("portal/", include("core.urls")),
    path("organizations/", include("organizations.urls")),
    path("programs/", include("programs.urls")),
    path("grants/", include("grants.urls")),
    path("delivery/grants/<int:grant_pk>/imports/", include("delivery.import_urls")),
    path("delivery/", include("delivery.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("referrals/", include("referrals.urls")),
    path("surveys/", include("surveys.urls")),
    # The phone survey behind a printed QR code: short, so that the code stays small and easy to scan.
    path("s/<str:token>/", survey_views.answer, name="survey_answer"),
    path("api/v1/", include("api.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every other path: the public site. Its own URLs (page-privacy forms) first, then its page view
# with the page found in two queries instead of two per level of the tree (cms.routing).
urlpatterns += [
    *[pattern for pattern in wagtail_urls.urlpatterns if getattr(pattern, "name", None) != "wagtail_serve"],
    re_path(wagtail_urls.serve_pattern, cms_routing.serve, name="wagtail_serve"),
]
