from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter

from tremplin.core.links import absolute_url


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Accounts are created from invitations only (accounts.services.accept_invitation).
        return False

    def get_reset_password_from_key_url(self, key):
        # Like every link sent by e-mail, on the site's published address (SITE_URL), not the request's host.
        return absolute_url(urlsplit(super().get_reset_password_from_key_url(key)).path)
