"""Listening to lower rooms: attendance taken → one collective activity record (workshops);
diagnostic completed → one individual record "Diagnostic numérique" (assessments); orientation from the
diagnostic's pathway → the structure de redirection on that record."""

from . import choices
from .services import record_assessment_activity, record_assessment_orientation, record_session_activity


def on_attendance_recorded(sender, session, present, actor, **kwargs):
    record_session_activity(session, present, actor)


def on_assessment_completed(sender, assessment, actor, **kwargs):
    record_assessment_activity(assessment, actor)


def on_orientation_accepted(sender, step, actor, **kwargs):
    record_assessment_orientation(step, actor)


def connect():
    try:
        from tremplin.assessments import proposals
        from tremplin.assessments.signals import assessment_completed, orientation_accepted
    except ImportError:  # the assessments room is not there
        pass
    else:
        assessment_completed.connect(on_assessment_completed, dispatch_uid="activities.assessment_completed")
        orientation_accepted.connect(on_orientation_accepted, dispatch_uid="activities.orientation_accepted")
        proposals.register_redirections(choices.redirection_choices)

    try:
        from tremplin.workshops.signals import attendance_recorded
    except ImportError:  # the workshops room is not there (yet): nothing to listen to
        return
    attendance_recorded.connect(on_attendance_recorded, dispatch_uid="activities.attendance_recorded")
