"""Listening to the workshops room (a lower room): attendance taken → one collective activity record."""

from .services import record_session_activity


def on_attendance_recorded(sender, session, present, actor, **kwargs):
    record_session_activity(session, present, actor)


def connect():
    try:
        from tremplin.workshops.signals import attendance_recorded
    except ImportError:  # the workshops room is not there (yet): nothing to listen to
        return
    attendance_recorded.connect(on_attendance_recorded, dispatch_uid="activities.attendance_recorded")
