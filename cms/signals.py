"""The public site follows the calls' lifecycle: a published call gets a CallPage under the CallIndexPage (title and
search description from the call; editors enrich the body later), a cancelled call's pages are unpublished. It also
tells programs where the live call index is (``programs.public_pages``), so the nav's 申报指南 leads there."""

import logging

from django.db import transaction
from wagtail.actions.unpublish_page import UnpublishPageAction

from programs import public_pages
from programs.signals import call_cancelled, call_published

from .program_pages import CallIndexPage, CallPage

logger = logging.getLogger(__name__)


def call_page_slug(call) -> str:
    return f"call-{call.pk}"


@transaction.atomic
def publish_call_page(sender, *, call, actor=None, **kwargs) -> CallPage | None:
    if CallPage.objects.filter(call=call).exists():
        return None  # an editor's page (live or a draft) already publishes this call
    index = CallIndexPage.objects.live().first() or CallIndexPage.objects.first()
    if index is None:
        logger.warning("No CallIndexPage: call %s is published without a Wagtail page", call.pk)
        return None
    slug = call_page_slug(call)
    if index.get_children().filter(slug=slug).exists():
        slug = f"{slug}-{CallPage.objects.count() + 1}"
    page = CallPage(title=call.title, slug=slug, call=call, search_description=call.summary or "", body="")
    index.add_child(instance=page)
    # programs.call_publish has already checked the officer may publish this call; officers need no Wagtail rights.
    page.save_revision(user=actor, log_action=True).publish(user=actor, skip_permission_checks=True)
    return page


@transaction.atomic
def unpublish_call_pages(sender, *, call, actor=None, **kwargs) -> None:
    for page in CallPage.objects.filter(call=call).live():
        UnpublishPageAction(page, user=actor).execute(skip_permission_checks=True)


def live_call_index_url() -> str | None:
    page = CallIndexPage.objects.live().first()
    return page.url if page is not None else None


def connect() -> None:
    public_pages.register(public_pages.CALL_INDEX, live_call_index_url)
    call_published.connect(publish_call_page, dispatch_uid="cms.publish_call_page")
    call_cancelled.connect(unpublish_call_pages, dispatch_uid="cms.unpublish_call_pages")
