"""The rules that turn answers into a level per area (0–3) and a profile (documented in docs/guide-diagnostic.md).

Points per answer:
- observed task: réussi seul·e = 2, réussi avec aide = 1, pas réussi = 0, non évalué = not counted;
- self-assessment: oui, seul·e = 2, avec de l'aide = 1, non = 0, je ne sais pas = 0 (the person is not
  sure they can: we count it as not yet acquired, so the pathway offers it).
An unanswered item is not counted either, nor is a context question (kind "context": oui / non / je ne sais
pas, it informs the mediator; services.compute_levels leaves those items out).

Level of an area, from its counted answers: points p out of a maximum m = 2 × (counted answers),
level = the number of full quarters in p/m, capped at 3:
  p/m < 1/4 → 0 ; 1/4 ≤ p/m < 1/2 → 1 ; 1/2 ≤ p/m < 3/4 → 2 ; p/m ≥ 3/4 → 3.
An area with no counted answer (all "non évalué", skipped) has no level (None) and is left out of the profile.

Profile, from the levels of the areas that have one (n areas, total T):
- no area with a level → no profile ("" : diagnostic incomplet);
- "autonome": every level ≥ 2 and average ≥ 2.5 (2T ≥ 5n);
- "en progression": average ≥ 2 (T ≥ 2n);
- "débutant·e": average ≥ 1 (T ≥ n);
- "à initier": otherwise (average below 1).
Weak areas (proposed in the pathway): level 0 or 1.
"""

from .models import Answer, Profile

POINTS = {
    Answer.ALONE: 2,
    Answer.WITH_HELP: 1,
    Answer.FAILED: 0,
    Answer.NOT_ASSESSED: None,
    Answer.YES_ALONE: 2,
    Answer.YES_HELP: 1,
    Answer.NO: 0,
    Answer.DONT_KNOW: 0,
    Answer.YES: None,
}
WEAK_LEVEL = 1


def area_level(values):
    """Level 0–3 of one area from its answers (a list of Answer values), or None if nothing counts."""
    points = [POINTS.get(value) for value in values]
    points = [p for p in points if p is not None]
    if not points:
        return None
    maximum = 2 * len(points)
    return min(3, (4 * sum(points)) // maximum)


def profile_for(levels):
    """Profile from {area: level or None}; "" when no area has a level."""
    known = [level for level in levels.values() if level is not None]
    if not known:
        return ""
    n, total = len(known), sum(known)
    if min(known) >= 2 and 2 * total >= 5 * n:
        return Profile.AUTONOMOUS
    if total >= 2 * n:
        return Profile.PROGRESSING
    if total >= n:
        return Profile.BEGINNER
    return Profile.TO_INITIATE


def weak_areas(levels):
    return [code for code, level in levels.items() if level is not None and level <= WEAK_LEVEL]
