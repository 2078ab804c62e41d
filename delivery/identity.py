"""Who a child is, without keeping who a child is: the keyed hash and the masked form of a national ID number.

The clear number exists only in memory while a form or an import row is handled. ``id_number_hash`` validates it
(GB 11643) and returns HMAC-SHA256(BENEFICIARY_ID_HASH_KEY, number) in hex: equal numbers give equal hashes on the
whole platform, and without the key the hash cannot be reversed by enumerating the (small) space of ID numbers.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

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
