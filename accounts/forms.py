from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.second_factor import normalise_code

TOTP_DIGITS = 6
RECOVERY_CODE_LENGTH = 8  # django-otp's StaticToken.random_token()


class SecondFactorCodeForm(forms.Form):
    """A code from the authenticator app (or, when verifying, a recovery code)."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        strip=True,
        help_text=_("The 6-digit code your authenticator app shows now."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, recovery_allowed: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.recovery_allowed = recovery_allowed

    def clean_code(self) -> str:
        """A mistyped code is told apart from a wrong one, and costs no try."""
        code = normalise_code(self.cleaned_data["code"])
        looks_like_recovery = len(code) == RECOVERY_CODE_LENGTH and self.recovery_allowed
        if len(code) != TOTP_DIGITS and not looks_like_recovery:
            if code.isdigit() or not self.recovery_allowed:
                raise forms.ValidationError(
                    _("An authenticator code has 6 digits; you entered %(count)d.")
                    % {"count": len(code)}
                )
            raise forms.ValidationError(
                _("Enter the 6-digit code from your app, or a recovery code (8 characters).")
            )
        return code
