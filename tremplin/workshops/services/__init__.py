"""Write operations of the workshops room: one transaction each, access-logged, messages queued."""

from .attendance import record_attendance
from .enrolment import cancel_course_enrollment, cancel_enrollment, confirm_by_person, enroll
from .scheduling import (
    cancel_session,
    change_seats,
    move_session,
    schedule_course,
    schedule_session,
    schedule_weekly_series,
)

__all__ = [
    "cancel_course_enrollment",
    "cancel_enrollment",
    "cancel_session",
    "change_seats",
    "confirm_by_person",
    "enroll",
    "move_session",
    "record_attendance",
    "schedule_course",
    "schedule_session",
    "schedule_weekly_series",
]
