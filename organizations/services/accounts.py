"""The account a newcomer creates while registering an organization or accepting an invitation."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.models import User


def username_taken_message(username: str) -> str:
    return _("用户名“%(name)s”已被使用，请换一个。") % {"name": username}


def username_taken(username: str) -> bool:
    """Whether an account already has ``username``, in any case (the sign-up forms' and services' pre-check)."""
    return User.objects.filter(username__iexact=username).exists()


def account_create(*, account: dict) -> User:
    """Create a user from the account fields of a form. Runs inside the caller's transaction, so a later refusal
    (a duplicate credit code, a used invitation) leaves no account behind. A username taken by a sign-up running at
    the same moment is refused like one taken before (the database's unique constraint decides, in a savepoint)."""
    username = account["username"]
    if username_taken(username):
        raise ValidationError({"username": username_taken_message(username)}, code="duplicate")
    user = User(username=username, name=account["name"], email=account["email"], phone=account.get("phone", ""))
    user.set_password(account["password"])
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise ValidationError({"username": username_taken_message(username)}, code="duplicate") from None
    return user
