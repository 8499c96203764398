"""A device's status, category and grade labels (core.modelfields.choice_label) are Django's, in either language."""

from django.utils import translation

from tremplin.inventory.models import Category, Device, Grade, Status


def test_the_labels_are_the_same_as_djangos_in_french_and_in_english():
    for language, available, laptop in (("fr", "Disponible", "Ordinateur portable"), ("en", "Available", "Laptop")):
        with translation.override(language):
            device = Device(status=Status.AVAILABLE, category=Category.LAPTOP, grade=Grade.UNSELLABLE)
            assert device.get_status_display() == available
            assert device.get_category_display() == laptop
            for field in ("status", "category", "grade"):
                # Django's generic method, which the explicit ones replace: same text for every stored value.
                django_display = Device._get_FIELD_display
                values = [value for value, _label in Device._meta.get_field(field).choices] + ["", "autre"]
                for value in values:
                    device = Device(**{field: value})
                    assert getattr(device, f"get_{field}_display")() == django_display(
                        device, Device._meta.get_field(field)
                    )


def test_a_value_outside_the_choices_shows_as_stored():
    assert Device(grade="").get_grade_display() == ""
    assert Device(status="perdu").get_status_display() == "perdu"
