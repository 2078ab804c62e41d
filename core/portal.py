"""The work portal greets each user with what they can do. Apps add their cards by registering a provider in their
``AppConfig.ready()``; core never imports the apps above it."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class PortalLink:
    label: str
    url: str


@dataclass
class PortalCard:
    title: str
    text: str = ""
    links: list[PortalLink] = field(default_factory=list)
    order: int = 100


CardProvider = Callable[[object], list[PortalCard]]
_providers: list[CardProvider] = []


def register(provider: CardProvider) -> CardProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def cards_for(user) -> list[PortalCard]:
    cards = [card for provider in _providers for card in provider(user)]
    return sorted(cards, key=lambda card: card.order)
