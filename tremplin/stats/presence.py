"""Stored data of the people block and of the referral journeys, kept exact like the activity aggregates.

- PersonMonthPresence: one row per person × site × calendar month × activity type in which an activity
  record names the person (the person of an individual record, or a named participant of a collective one:
  the people block's "helped", figures/people.helped_people), with the first such day of the month. The
  distinct people of a period are the distinct person ids over its whole months' rows, plus the people of
  its other days read from the records.
- PersonSiteFirst: one row per person × site holding the first day the person was helped there (the minimum
  of the presence rows' first days). "Already followed" (an accompaniment in the scope before the period)
  is then one indexed probe per person: a row at a site of the scope dated before the period.
- PersonMonthPrevious: one row per person × month in which they were helped, at one site (site set) or
  anywhere in the network (site null), with the previous month they were helped there (null: never before).
  The people of a run of whole months [F, L] are then its rows whose previous month is before F — exactly
  one per person — and those with a previous month are the "already followed": a COUNT(*) grouped by the
  breakdowns (birth year, commune, genre, statut social: copied from the person's record onto the row) instead
  of a distinct count over every presence row joined to the people (figures/people_months.py).
- ReferralJourney: the dates of a referral's journey steps (first successful contact attempt, first status
  contacted/accepted, first and second completed diagnostic, first workshop attended, first equipment sale
  after the referral), so that the funnel and partners blocks read one row per referral; it also keeps the
  (site, month of reception) the referral was counted under in ReferralMonthAggregate, so that a move
  (transfer to another site, reception date changed) recomputes the old month too.
- ReferralMonthAggregate: the funnel's and partners' counts per site × partner × local month of reception ×
  decline reason; a period reads its whole months from it and its other days from the records.

Kept exact by presence_sync.py (with the activity aggregates' dirty site-months: same marks, same refresh)
and journeys_sync.py (dirty referrals and people, refreshed before the funnel is read).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonMonthPresence(models.Model):
    beneficiary = models.ForeignKey("people.Beneficiary", on_delete=models.CASCADE, related_name="+")
    site = models.ForeignKey("network.Site", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # first day of the month
    kind = models.CharField(max_length=20)
    first_day = models.DateField()

    class Meta:
        constraints = [
            # Its index (month first) serves the people of a run of months, read from the index only.
            models.UniqueConstraint(fields=["month", "site", "kind", "beneficiary"], name="stats_presence_unique")
        ]
        indexes = [models.Index(fields=["beneficiary", "site"], name="stats_presence_person_idx")]
        # Named on the merge confirmation page (what moves): derived rows, recomputed, never moved.
        verbose_name = _("présence mensuelle (statistiques)")
        verbose_name_plural = _("présences mensuelles (statistiques)")

    def __str__(self):
        return f"{self.beneficiary_id} {self.site_id} {self.month:%Y-%m} {self.kind}"


class PersonSiteFirst(models.Model):
    beneficiary = models.ForeignKey("people.Beneficiary", on_delete=models.CASCADE, related_name="+")
    site = models.ForeignKey("network.Site", on_delete=models.CASCADE, related_name="+")
    first_day = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["beneficiary", "site"], name="stats_person_site_first_unique")]
        verbose_name = _("premier accompagnement (statistiques)")
        verbose_name_plural = _("premiers accompagnements (statistiques)")

    def __str__(self):
        return f"{self.beneficiary_id} {self.site_id} {self.first_day}"


class PersonMonthPrevious(models.Model):
    beneficiary = models.ForeignKey("people.Beneficiary", on_delete=models.CASCADE, related_name="+")
    # Null: the whole network (the person's months at any site).
    site = models.ForeignKey("network.Site", on_delete=models.CASCADE, null=True, related_name="+", db_index=False)
    month = models.DateField()  # first day of the month
    previous = models.DateField(null=True)  # the person's previous month there (null: none)
    # The person's record as the people block breaks it down (copied: no join to the wide people table; kept by
    # presence_sync.on_person_saved, checked against the records with the rest).
    birth_year = models.PositiveSmallIntegerField(null=True)
    commune = models.CharField(max_length=100, blank=True)
    gender = models.CharField(max_length=20, blank=True)
    social_status = models.CharField(max_length=20, blank=True)

    class Meta:
        indexes = [models.Index(fields=["site", "month"], name="stats_person_month_prev_idx")]
        verbose_name = _("mois de présence (statistiques)")
        verbose_name_plural = _("mois de présence (statistiques)")

    def __str__(self):
        return f"{self.beneficiary_id} {self.site_id or '*'} {self.month:%Y-%m} {self.previous}"


JOURNEY_STEPS = ("first_attempt", "first_contact_status", "diagnosed_at", "workshop_at", "equipped_at", "follow_up_at")


class ReferralJourney(models.Model):
    referral = models.OneToOneField(
        "referrals.Referral", on_delete=models.CASCADE, primary_key=True, related_name="stats_journey"
    )
    first_attempt = models.DateTimeField(null=True)
    first_contact_status = models.DateTimeField(null=True)
    diagnosed_at = models.DateTimeField(null=True)
    workshop_at = models.DateTimeField(null=True)
    equipped_at = models.DateTimeField(null=True)
    follow_up_at = models.DateTimeField(null=True)
    # The ReferralMonthAggregate row this journey was counted in when written (target site, local month of the
    # reception): the old month to recompute when the referral moves.
    site_id = models.BigIntegerField(null=True)
    month = models.DateField(null=True)
    # The referral's partner, reception and status when written (kept by the same marks): the median delays
    # read the period's journeys alone, without the wide referral rows.
    partner = models.ForeignKey("network.PartnerOrganisation", on_delete=models.CASCADE, null=True, related_name="+")
    received_at = models.DateTimeField(null=True)
    status = models.CharField(max_length=12, blank=True)

    class Meta:
        indexes = [models.Index(fields=["received_at"], name="stats_journey_received_idx")]

    def __str__(self):
        return f"{self.referral_id}"


# The counted steps of ReferralMonthAggregate, in the order of figures/referrals.FUNNEL_STEPS plus "declined".
MONTH_COUNTS = ("referred", "contacted", "accepted", "declined", "diagnosed", "workshop", "equipped", "follow_up")


class ReferralMonthAggregate(models.Model):
    """Referrals received by a site from a partner during a local calendar month, with a decline reason ("" when
    none), counted at each step of the journey (figures/referrals.funnel_figures gives the definitions; the
    steps after "accepted" count accepted referrals only). Exact: rewritten with the journeys they count."""

    site = models.ForeignKey("network.Site", on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey("network.PartnerOrganisation", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # first day of the month, server time zone
    decline_reason = models.CharField(max_length=20, blank=True)
    referred = models.PositiveIntegerField()
    contacted = models.PositiveIntegerField()
    accepted = models.PositiveIntegerField()
    declined = models.PositiveIntegerField()
    diagnosed = models.PositiveIntegerField()
    workshop = models.PositiveIntegerField()
    equipped = models.PositiveIntegerField()
    follow_up = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["month", "site"], name="stats_referral_month_idx")]

    def __str__(self):
        return f"{self.site_id} {self.partner_id} {self.month:%Y-%m} {self.decline_reason}"


class ReferralJourneyDirty(models.Model):
    """A referral (or every referral of a person) whose journey must be recomputed before it is read; plain
    inserts, claimed by the refresh like ActivityMonthDirty."""

    referral_id = models.UUIDField(null=True)
    beneficiary_id = models.UUIDField(null=True)
    # A site-month of ReferralMonthAggregate to recompute (a referral deleted: its journey is gone with it).
    site_id = models.BigIntegerField(null=True)
    month = models.DateField(null=True)
    claim = models.CharField(max_length=32, blank=True, db_index=True)

    def __str__(self):
        return f"{self.referral_id or ''}/{self.beneficiary_id or ''}/{self.site_id or ''}/{self.month or ''}"
