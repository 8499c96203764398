"""Listening to lower rooms: attendance taken → one collective activity record (workshops);
diagnostic completed → one individual record "Diagnostic numérique" (assessments)."""

from .services import record_assessment_activity, record_session_activity


def on_attendance_recorded(sender, session, present, actor, **kwargs):
    record_session_activity(session, present, actor)


def on_assessment_completed(sender, assessment, actor, **kwargs):
    record_assessment_activity(assessment, actor)


def connect():
    try:
        from tremplin.assessments.signals import assessment_completed
    except ImportError:  # the assessments room is not there
        pass
    else:
        assessment_completed.connect(on_assessment_completed, dispatch_uid="activities.assessment_completed")

    try:
        from tremplin.workshops.signals import attendance_recorded
    except ImportError:  # the workshops room is not there (yet): nothing to listen to
        return
    attendance_recorded.connect(on_attendance_recorded, dispatch_uid="activities.attendance_recorded")
