"""Storage for uploaded documents that must never be public: served only through views that check permissions."""

from django.core.files.storage import storages


def private_storage():
    return storages["private"]
