from .audit import AuditEvent
from .calendar import CalendarDay
from .notifications import Notification
from .outbox import OutgoingEmail
from .regions import Region, RegionLevel
from .sessions import UserSession
from .users import OfficerScope, User
from .vocabularies import ChildCategory, ServiceType

__all__ = [
    "AuditEvent",
    "CalendarDay",
    "ChildCategory",
    "Notification",
    "OfficerScope",
    "OutgoingEmail",
    "Region",
    "RegionLevel",
    "ServiceType",
    "User",
    "UserSession",
]
