"""Links that apps above ``programs`` add to the officer's call page, without ``programs`` importing them.

``surveys`` registers, in its ``AppConfig.ready()``, a provider giving the link to the call's satisfaction questions.
"""

from collections.abc import Callable

# provider(call, user) -> [(label, url)], empty when it has nothing for this user
CallLinkProvider = Callable[..., list]
_providers: list[CallLinkProvider] = []


def register_call_link(provider: CallLinkProvider) -> CallLinkProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def call_links(*, call, user) -> list[tuple[str, str]]:
    return [link for provider in _providers for link in provider(call=call, user=user)]
