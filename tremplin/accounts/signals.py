"""Keep allauth's e-mail table in step with Tremplin accounts."""

from allauth.account.models import EmailAddress


def record_verified_email(sender, instance, created, raw=False, **kwargs):
    """post_save of User: the new account's address is its one, verified, primary address.

    Accounts come from invitations sent to that address, so it is proven. Without this row allauth
    creates an *unverified* one on the fly (e-mail page, password reset), and an unverified address
    forbids activating two-factor authentication: a manager would be locked out of TOTP set-up.
    """
    if created and not raw and instance.email:
        EmailAddress.objects.get_or_create(
            user=instance, email=instance.email, defaults={"verified": True, "primary": True}
        )
