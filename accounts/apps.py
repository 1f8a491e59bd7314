from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Sign-in: organisational (OpenID Connect), local password, and the second factor.

    No models of its own: devices and recovery codes are django-otp's.
    """

    name = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from accounts.second_factor import remember_second_factor_state

        user_logged_in.connect(remember_second_factor_state, dispatch_uid="accounts.second_factor")
