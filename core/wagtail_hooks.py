"""Every create, edit and delete of a Wagtail snippet, and every page create, edit, publish, unpublish, move and
delete, writes an audit event through ``audit_log`` (the same function the services and /django-admin/ use).

Wagtail runs these hooks after its own transaction, so each event is written in one of its own. Page bodies can be
long: a long value is recorded by its length and a digest (the full text is in the page's revisions).
"""

import hashlib

from django.db import transaction
from wagtail import hooks

from .admin_audit import _masked
from .audit import MASK, audit_log, field_changes, is_secret, plain

LONG = 200


def _short(value):
    value = plain(value)
    if isinstance(value, str | list | dict) and len(str(value)) > LONG:
        text = str(value)
        return f"<{len(text)} 字符 sha256:{hashlib.sha256(text.encode()).hexdigest()[:12]}>"
    return value


def _values(obj) -> dict:
    values = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in {"path", "depth", "numchild", "url_path", "latest_revision"}:
            continue
        raw = getattr(obj, field.attname)
        values[field.name] = MASK if _masked(type(obj)) or is_secret(field.name) else _short(raw)
    return values


def _key(obj) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def _remember(request, obj):
    if request.method == "POST":
        stash = request.__dict__.setdefault("_audit_wagtail_before", {})
        stash[_key(obj)] = _values(obj)


def _audit(request, verb: str, obj, changes: dict, **extra):
    with transaction.atomic():
        audit_log(
            actor=request.user,
            action=f"wagtail.{verb}",
            target=obj,
            details={"model": obj._meta.label_lower, "via": "wagtail", **extra},
            changes=changes,
        )


def _before(request, obj) -> dict:
    return getattr(request, "_audit_wagtail_before", {}).get(_key(obj), {})


@hooks.register("before_edit_snippet")
def _snippet_before_edit(request, instance):
    _remember(request, instance)


@hooks.register("after_create_snippet")
def _snippet_created(request, instance):
    _audit(request, "snippet_create", instance, field_changes({}, _values(instance)))


@hooks.register("after_edit_snippet")
def _snippet_edited(request, instance):
    _audit(request, "snippet_edit", instance, field_changes(_before(request, instance), _values(instance)))


@hooks.register("after_delete_snippet")
def _snippets_deleted(request, instances):
    for instance in instances:
        _audit(request, "snippet_delete", instance, field_changes(_values(instance), {}))


@hooks.register("before_edit_page")
def _page_before_edit(request, page):
    _remember(request, page.specific)


@hooks.register("after_create_page")
def _page_created(request, page):
    _audit(request, "page_create", page, field_changes({}, _values(page.specific)))


@hooks.register("after_edit_page")
def _page_edited(request, page):
    specific = page.specific
    revision = page.latest_revision_id
    _audit(request, "page_edit", page, field_changes(_before(request, specific), _values(specific)), revision=revision)


@hooks.register("after_publish_page")
def _page_published(request, page):
    specific = page.specific
    changes = field_changes(_before(request, specific), _values(specific))
    _audit(request, "page_publish", page, changes, revision=page.live_revision_id)


@hooks.register("after_unpublish_page")
def _page_unpublished(request, page):
    _audit(request, "page_unpublish", page, {"live": [True, False]})


@hooks.register("after_move_page")
def _page_moved(request, page):
    _audit(request, "page_move", page, {}, parent=page.get_parent().pk if page.get_parent() else None)


@hooks.register("after_delete_page")
def _page_deleted(request, page):
    _audit(request, "page_delete", page, field_changes(_values(page.specific), {}))
