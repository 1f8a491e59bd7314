from tests.oidc_provider import oidc_provider, oidc_settings  # noqa: F401 (fixtures)
