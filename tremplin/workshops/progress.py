"""The workshops room's answer to "where is the person?" on the referrer's page (yes/no only)."""

from django.utils.translation import gettext_lazy as _

ATTENDED = _("A participé à au moins un atelier")


def attended_a_workshop(beneficiary):
    from .models import Attendance, Enrollment, EnrollmentStatus

    attended = Enrollment.objects.filter(
        beneficiary=beneficiary, status=EnrollmentStatus.CONFIRMED, attendance=Attendance.PRESENT
    ).exists()
    return {ATTENDED: attended}


def connect():
    try:
        from tremplin.referrals import progress
    except ImportError:  # the referral room is not installed
        return
    progress.register(attended_a_workshop)
