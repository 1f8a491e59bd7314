from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("oidc/start/", views.OrganisationSignInStart.as_view(), name="oidc_start"),
    path("oidc/callback/", views.OrganisationSignInCallback.as_view(), name="oidc_callback"),
    path("second-factor/", views.second_factor_verify, name="second_factor_verify"),
    path("second-factor/set-up/", views.second_factor_enrol, name="second_factor_enrol"),
    path("second-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("security/", views.sign_in_security, name="security"),
    path("security/recovery-codes/", views.recovery_codes_renew, name="recovery_codes_renew"),
    path("security/remove/", views.second_factor_delete, name="second_factor_remove"),
]
