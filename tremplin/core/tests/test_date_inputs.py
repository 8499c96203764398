"""Date, time and date-time inputs render their value in the only format browsers accept (ISO 8601)."""

import datetime
import importlib
import pkgutil

from django import forms
from django.utils import translation

import tremplin
from tremplin.core.formfields import DateInput, DateTimeLocalInput, TimeInput

PICKER_TYPES = {"date", "time", "datetime-local"}


def all_form_classes():
    for module in pkgutil.walk_packages(tremplin.__path__, "tremplin."):
        last = module.name.rsplit(".", 1)[-1]
        if last in {"forms", "views"} or last.startswith("forms_") or ".forms." in module.name:
            importlib.import_module(module.name)
    seen, todo = set(), [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return [cls for cls in seen if cls.__module__.startswith("tremplin.")]


def test_picker_widgets_render_iso_values_in_french():
    with translation.override("fr"):
        assert 'value="2026-01-31"' in DateInput().render("d", datetime.date(2026, 1, 31))
        assert 'value="09:30"' in TimeInput().render("t", datetime.time(9, 30))
        assert 'value="2026-01-31T09:30"' in DateTimeLocalInput().render("at", datetime.datetime(2026, 1, 31, 9, 30))


def test_every_date_or_time_picker_of_every_form_renders_iso():
    classes = all_form_classes()
    assert len(classes) > 20, "the form walk found nothing"
    wrong = []
    with translation.override("fr"):
        for cls in classes:
            for name, field in cls.base_fields.items():
                widget = field.widget
                kind = widget.attrs.get("type") or getattr(widget, "input_type", "")
                if kind not in PICKER_TYPES:
                    continue
                value = {"date": datetime.date(2026, 1, 31), "time": datetime.time(9, 30)}.get(
                    kind, datetime.datetime(2026, 1, 31, 9, 30)
                )
                expected = {"date": "2026-01-31", "time": "09:30", "datetime-local": "2026-01-31T09:30"}[kind]
                if f'value="{expected}"' not in widget.render(name, value):
                    wrong.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert not wrong, wrong
