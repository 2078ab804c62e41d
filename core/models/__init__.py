from .audit import AuditEvent
from .calendar import CalendarDay
from .notifications import Notification
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
    "Region",
    "RegionLevel",
    "ServiceType",
    "User",
    "UserSession",
]
