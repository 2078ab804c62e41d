"""Who a child is, without keeping who a child is: the keyed hash and the masked form of a national ID number.

The clear number exists only in memory while a form or an import row is handled. ``id_number_hash`` validates it
(GB 11643) and returns HMAC-SHA256(BENEFICIARY_ID_HASH_KEY, number) in hex: equal numbers give equal hashes on the
whole platform, and without the key the hash cannot be reversed by enumerating the (small) space of ID numbers.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction

from core.validators import mask_id_number as _mask
from core.validators import normalise_id_number


def _key() -> bytes:
    key = settings.BENEFICIARY_ID_HASH_KEY
    if not key:
        # An unkeyed (or empty-keyed) hash of an ID number is reversible by brute force: refuse rather than store it.
        raise ImproperlyConfigured("BENEFICIARY_ID_HASH_KEY must be set before children's ID numbers are recorded")
    return key.encode()


def id_number_hash(number: str) -> str:
    """Validate and normalise ``number`` (raises ``ValidationError`` with a Chinese message), return its keyed hash."""
    normalised = normalise_id_number(number)
    return hmac.new(_key(), normalised.encode(), hashlib.sha256).hexdigest()


def mask_id_number(number: str) -> str:
    """420***********123X for a valid number (validated and normalised first)."""
    return _mask(normalise_id_number(number))


def id_number_facts(number: str) -> dict:
    """What a (valid, normalised) ID number itself says: birth year and month, and gender (17th digit odd = male)."""
    from .models import Gender

    return {
        "birth_year": int(number[6:10]),
        "birth_month": int(number[10:12]),
        "gender": Gender.MALE if int(number[16]) % 2 else Gender.FEMALE,
    }


def normalise_name(name: str) -> str:
    """Names compared for matching: without any spaces (全角 or not), as clerks type them in varying ways."""
    return "".join((name or "").split()).replace("\u3000", "")


def beneficiary_find(*, organization, id_hash: str | None, name: str = "", attributes: dict):
    """The existing record of this child, or None. Call inside the caller's transaction.

    Matching rules (docs/delivery.md):
    - with an ID number: by its keyed hash, platform-wide (the same child served by two organizations is one file);
    - without one: only among the no-ID children this organization recorded (``owner_organization``), and only when
      a name is given: same name on one of this organization's enrolments, same gender, birth year and month, and
      county. Without a name there is nothing safe to match on, so a new file is made (two files for one child are
      a smaller harm than one file for two children).
    """
    from .models import Beneficiary

    if id_hash:
        return Beneficiary.objects.select_for_update().filter(id_hash=id_hash).first()
    name = normalise_name(name)
    if not name:
        return None
    candidates = Beneficiary.objects.select_for_update().filter(
        owner_organization=organization,
        gender=attributes["gender"],
        birth_year=attributes["birth_year"],
        birth_month=attributes["birth_month"],
        county=attributes["county"],
    )
    for candidate in candidates.prefetch_related("enrolments"):
        if any(
            normalise_name(e.name) == name for e in candidate.enrolments.all() if e.organization_id == organization.pk
        ):
            return candidate
    return None


def beneficiary_find_or_create(
    *, organization, id_number: str = "", no_id_reason: str = "", name: str = "", attributes: dict, categories=()
):
    """Find the child (rules in ``beneficiary_find``) or create its file; returns ``(beneficiary, created)``.

    ``attributes``: gender, birth_year, birth_month, county, township, guardian_type, school_stage. With an ID
    number, gender and birth year/month come from the number. A found child keeps its recorded attributes (another
    organization may know them better; ``beneficiary_update`` changes them) and gains the given categories.
    The clear number is used here and dropped: only the hash and the mask are stored.
    """
    from .models import Beneficiary

    id_hash = id_number_hash(id_number) if id_number else None
    masked = mask_id_number(id_number) if id_number else ""
    if id_number:
        attributes = {**attributes, **id_number_facts(normalise_id_number(id_number))}
    found = beneficiary_find(organization=organization, id_hash=id_hash, name=name, attributes=attributes)
    if found is not None:
        if categories:
            found.categories.add(*categories)
        return found, False
    try:
        # A savepoint: if another organization created the same child a moment ago, the unique hash refuses the
        # second row and that child is used instead.
        with transaction.atomic():
            child = Beneficiary.objects.create(
                id_hash=id_hash,
                id_masked=masked,
                no_id_reason="" if id_hash else no_id_reason.strip(),
                owner_organization=None if id_hash else organization,
                **attributes,
            )
    except IntegrityError:
        if not id_hash:
            raise
        found = Beneficiary.objects.select_for_update().get(id_hash=id_hash)
        found.categories.add(*categories)
        return found, False
    child.categories.set(categories)
    return child, True
