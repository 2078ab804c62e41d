"""The account a newcomer creates while registering an organization or accepting an invitation."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.models import User


def account_create(*, account: dict) -> User:
    """Create a user from the account fields of a form. Runs inside the caller's transaction, so a later refusal
    (a duplicate credit code, a used invitation) leaves no account behind."""
    if User.objects.filter(username__iexact=account["username"]).exists():
        raise ValidationError({"username": _("用户名“%(name)s”已被使用。") % {"name": account["username"]}})
    user = User(
        username=account["username"],
        name=account["name"],
        email=account["email"],
        phone=account.get("phone", ""),
    )
    user.set_password(account["password"])
    user.save()
    return user
