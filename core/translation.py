"""Translations looked up once per process, not on every call.

The msgids are Chinese, so under ``zh-hans`` (the default language) almost no lookup finds an entry: each one walks
every catalogue Django merged (Django's own, Wagtail's, each package's, ours; their plural rules differ, so they stay
separate) and then the fallback chain, about a dozen dictionaries, before returning the msgid. A page makes hundreds
of lookups (the base template alone dozens), and the profile of a list page put about a fifth of its time there.
Catalogues do not change while a process runs (a reload builds new translation objects, with empty memos), so each
translation object remembers its answers.
"""

MAX_ENTRIES = 20_000  # msgids are the project's and its packages' strings; a bound in case one is ever computed


def install() -> None:
    from django.utils.translation import trans_real

    translation_class = trans_real.DjangoTranslation
    if getattr(translation_class.gettext, "remembers", False):
        return
    lookup = translation_class.gettext

    def gettext(self, message):
        memo = self.__dict__.get("_memo")
        if memo is None:
            memo = self.__dict__["_memo"] = {}
        try:
            return memo[message]
        except KeyError:
            if len(memo) >= MAX_ENTRIES:
                memo.clear()
            result = memo[message] = lookup(self, message)
            return result

    gettext.remembers = True
    translation_class.gettext = gettext
