"""Fill an HTML form as a browser would submit it untouched (stdlib only; used by the load test and the
cluster tests): text, hidden, number, date values; checked boxes and radios; a select's selected option
(or its first); a required radio group with nothing checked gets its first option.
"""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []  # (action, fields, radios) of every POST form
        self.in_form = False
        self.fields = []  # (name, value)
        self.radios = {}  # name -> (first value, required, checked?)
        self.select = None
        self.select_value = None
        self.select_first = None
        self.in_textarea = None
        self.textarea = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            if (a.get("method") or "get").lower() == "post":
                self.in_form = True
                self.fields, self.radios = [], {}
                self.forms.append((a.get("action", ""), self.fields, self.radios))
            return
        if not self.in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind == "radio":
                first, required, checked = self.radios.get(name, (a.get("value", "on"), False, False))
                required = required or "required" in a
                if "checked" in a:
                    self.fields.append((name, a.get("value", "on")))
                    checked = True
                self.radios[name] = (first, required, checked)
            elif kind == "checkbox":
                if "checked" in a:
                    self.fields.append((name, a.get("value", "on")))
            else:
                self.fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self.select, self.select_value, self.select_first = name, None, None
        elif tag == "option" and self.select:
            if self.select_first is None:
                self.select_first = a.get("value", "")
            if "selected" in a:
                self.select_value = a.get("value", "")
        elif tag == "textarea" and name:
            self.in_textarea, self.textarea = name, ""

    def handle_data(self, data):
        if self.in_textarea:
            self.textarea += data

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form = False
        elif tag == "select" and self.select:
            value = self.select_value if self.select_value is not None else self.select_first
            if value is not None:
                self.fields.append((self.select, value))
            self.select = None
        elif tag == "textarea" and self.in_textarea:
            self.fields.append((self.in_textarea, self.textarea.strip("\n")))
            self.in_textarea = None


def form_fields(html, action=None, has_field=None, **overrides):
    """The (name, value) pairs of the first POST form whose action is `action` and that has a field named
    `has_field` (each when given), with `overrides` replacing fields of the same name."""
    parser = _FormParser()
    parser.feed(html)
    for form_action, form, radios in parser.forms:
        names = {name for name, _ in form} | set(radios)
        if (action is None or form_action == action) and (has_field is None or has_field in names):
            break
    else:
        raise ValueError(f"no POST form with action={action!r} and field {has_field!r}")
    fields = list(form)
    for name, (first, required, checked) in radios.items():
        if required and not checked:
            fields.append((name, first))
    fields = [(name, value) for name, value in fields if name not in overrides]
    for name, value in overrides.items():
        for item in value if isinstance(value, list) else [value]:
            fields.append((name, item))
    return fields


def csrf_token(html):
    for name, value in form_fields(html):
        if name == "csrfmiddlewaretoken":
            return value
    raise ValueError("no csrfmiddlewaretoken in the page")


def options(html, name):
    """The values offered by the checkboxes, radios or select options named `name`, in page order."""
    import re

    inputs = re.findall(rf'<input[^>]*name="{re.escape(name)}"[^>]*value="([^"]*)"', html)
    if inputs:
        return inputs
    select = re.search(rf'<select[^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>', html, re.S)
    return re.findall(r'<option[^>]*value="([^"]*)"', select.group(1)) if select else []
