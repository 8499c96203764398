"""Merging two records of the same person: everything attached to `remove` moves to `keep`.

Generic on purpose: every relation pointing at Beneficiary — including the ones later rooms add
(referrals, enrolments, sales…) and hidden ones (related_name="+") — is found through the model's
meta, so a new model is covered without touching this file. Nothing is deleted: when a move would
break a unique constraint (the same person enrolled twice in one session, say) the merge is refused
with a message naming what to resolve first. The removed record keeps its own fields and points at
the kept one (`merged_into`).
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from tremplin.core.models import AccessLog, log_access

from ..models import Beneficiary
from ..signals import beneficiary_merged
from .records import _require_casework

# Fields the kept record takes from the removed one when it has no value of its own.
FILLABLE_FIELDS = [
    "birth_name",
    "birth_year",
    "phone",
    "email",
    "postal_code",
    "commune",
    "languages",
    "accommodations",
]


class MergeConflict(ValidationError):
    """The merge would lose or break data; nothing was changed."""


# Rows a higher room derives from others (a "follow-up diagnostic to do" reminder per course, say): when both
# records have one, the duplicate says nothing more and must not block the merge. The room registers
# `resolve(keep, remove)` for its model from AppConfig.ready(); it runs inside the merge, before the move,
# and leaves at most one row per uniqueness rule.
_DUPLICATE_RESOLVERS = {}
# Of those, the rows that are figures recomputed from the others (statistics' presence per month): nothing a
# person would call "their data", so the confirmation page does not list them among what moves.
_DERIVED = set()


def register_duplicate_resolver(model, resolve, *, derived=False):
    _DUPLICATE_RESOLVERS[model] = resolve
    if derived:
        _DERIVED.add(model)


@dataclass
class MergePlan:
    moves: list = field(default_factory=list)  # (label, count)
    filled: list = field(default_factory=list)  # labels of fields the kept record takes over
    conflicts: list = field(default_factory=list)  # French messages

    @property
    def possible(self):
        return not self.conflicts


def _reverse_relations():
    """(model, fk field) for every foreign key or one-to-one pointing at Beneficiary."""
    for relation in Beneficiary._meta.get_fields(include_hidden=True):
        if relation.auto_created and not relation.concrete and not relation.many_to_many:
            yield relation.related_model, relation.field


def _unique_field_sets(model, fk_name):
    """(fields, condition) of each uniqueness rule that involves the foreign key."""
    rules = [(tuple(fields), None) for fields in model._meta.unique_together]
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
            rules.append((tuple(constraint.fields), constraint.condition))
    fk = model._meta.get_field(fk_name)
    if fk.unique:
        rules.append(((fk_name,), None))
    return [(fields, condition) for fields, condition in rules if fk_name in fields]


def _label(model):
    """What the confirmation page names: the model's plural, or for a many-to-many row the model owning it."""
    if _is_auto_through(model):
        model = model._meta.auto_created
    return str(model._meta.verbose_name_plural)


def _conflicts(model, fk, keep, remove):
    messages = []
    manager = model._base_manager
    for fields, condition in _unique_field_sets(model, fk.name):
        others = [name for name in fields if name != fk.name]
        rows = manager.filter(**{fk.name: remove})
        kept = manager.filter(**{fk.name: keep})
        if condition is not None:
            rows, kept = rows.filter(condition), kept.filter(condition)
        if not others:
            clash = rows.exists() and kept.exists()
        else:
            clash = any(kept.filter(**values).exists() for values in rows.values(*others)[:500])
        if clash:
            messages.append(
                _(
                    "Les deux fiches ont chacune un élément « %(what)s » qui ne peut exister qu'une fois : "
                    "résolvez ce doublon avant la fusion."
                )
                % {"what": _label(model)}
            )
    return messages


def _is_auto_through(model):
    return model._meta.auto_created is not None and model._meta.auto_created is not False


def merge_plan(keep, remove):
    """What a merge of `remove` into `keep` would move, fill in, and why it might be refused."""
    plan = MergePlan()
    if keep.pk == remove.pk:
        plan.conflicts.append(_("Choisissez deux fiches différentes."))
        return plan
    if not keep.is_active or not remove.is_active:
        plan.conflicts.append(_("Une des deux fiches a déjà été fusionnée ou anonymisée."))
        return plan
    for model, fk in _reverse_relations():
        count = model._base_manager.filter(**{fk.name: remove}).count()
        if not count:
            continue
        if _is_auto_through(model):
            if model._meta.auto_created is Beneficiary:
                continue  # the record's own many-to-many (sites) is copied, shown separately
            plan.moves.append((_label(model), count))
            continue
        if model not in _DERIVED:
            plan.moves.append((_label(model), count))
        if model not in _DUPLICATE_RESOLVERS:
            plan.conflicts.extend(_conflicts(model, fk, keep, remove))
    for name in FILLABLE_FIELDS:
        if not getattr(keep, name) and getattr(remove, name):
            plan.filled.append(str(Beneficiary._meta.get_field(name).verbose_name))
    return plan


def _move(model, fk, keep, remove):
    manager = model._base_manager
    if _is_auto_through(model):
        # A plain many-to-many row: an identical row on the kept record already says the same thing.
        other = next(f for f in model._meta.fields if f.is_relation and f.name != fk.name and f.name != "id")
        already = manager.filter(**{fk.name: keep}).values_list(other.attname, flat=True)
        manager.filter(**{fk.name: remove, f"{other.attname}__in": list(already)}).delete()
    try:
        with transaction.atomic():
            manager.filter(**{fk.name: remove}).update(**{fk.name: keep})
    except IntegrityError as error:
        raise MergeConflict(
            _("La fusion déplacerait « %(what)s » en double : rien n'a été modifié.") % {"what": _label(model)}
        ) from error


@transaction.atomic
def merge_beneficiaries(actor, keep, remove):
    """Move every relation of `remove` to `keep`, fill `keep`'s blanks, mark `remove` merged; log both.

    Refused (MergeConflict, nothing changed) when a move would break a uniqueness rule.
    """
    _require_casework(actor, keep)
    _require_casework(actor, remove)
    # Lock both rows in primary-key order: two merges of the same pair cannot cross.
    rows = Beneficiary.objects.select_for_update().filter(pk__in=[keep.pk, remove.pk]).order_by("pk")
    locked = {b.pk: b for b in rows}
    keep, remove = locked.get(keep.pk, keep), locked.get(remove.pk, remove)
    plan = merge_plan(keep, remove)
    if plan.conflicts:
        raise MergeConflict(plan.conflicts)
    # The record's own many-to-many (sites): the kept record gains them, the removed one keeps its
    # links so old addresses still resolve (and redirect) for the staff who followed it.
    for m2m in Beneficiary._meta.many_to_many:
        getattr(keep, m2m.name).add(*getattr(remove, m2m.name).all())
    for resolve in _DUPLICATE_RESOLVERS.values():
        resolve(keep, remove)
    for model, fk in _reverse_relations():
        if _is_auto_through(model) and model._meta.auto_created is Beneficiary:
            continue
        _move(model, fk, keep, remove)
    for name in FILLABLE_FIELDS:
        if not getattr(keep, name) and getattr(remove, name):
            setattr(keep, name, getattr(remove, name))
    keep.save()
    Beneficiary.objects.filter(pk=remove.pk).update(merged_into=keep)
    remove.merged_into = keep
    log_access(actor, keep, AccessLog.Action.MERGE, reason=f"from:{remove.pk}")
    log_access(actor, remove, AccessLog.Action.MERGE, reason=f"into:{keep.pk}")
    beneficiary_merged.send(sender=Beneficiary, keep=keep, remove=remove, actor=actor)
    return keep
