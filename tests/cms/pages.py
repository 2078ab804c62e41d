"""Publishing Wagtail pages in tests."""


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page
