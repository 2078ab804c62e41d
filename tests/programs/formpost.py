"""Read a form exactly as the browser would submit it untouched: every input, select and textarea with its initial
value (checkboxes only when checked, the first option of a select when none is selected)."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_index: int):
        super().__init__(convert_charrefs=True)
        self.form_index = form_index
        self.forms_seen = -1
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._select: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms_seen += 1
            self.inside = self.forms_seen == self.form_index
            return
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "multiple": "multiple" in a, "first": None, "chosen": []}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["chosen"].append(value)
        elif tag == "textarea" and a.get("name"):
            self._textarea = {"name": a["name"], "text": ""}

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select is not None:
            s, self._select = self._select, None
            values = s["chosen"] or ([] if s["multiple"] or s["first"] is None else [s["first"]])
            self.fields.extend((s["name"], v) for v in values)
        elif tag == "textarea" and self._textarea is not None:
            t, self._textarea = self._textarea, None
            self.fields.append((t["name"], t["text"].removeprefix("\n")))


def form_as_rendered(html: str, form_index: int = 0) -> dict[str, list[str]]:
    """The data a browser would post for form number ``form_index`` (0 = first ``<form>`` on the page, counting the
    header's forms) if the user changed nothing, as a dict of lists for ``client.post``."""
    reader = _FormReader(form_index)
    reader.feed(html)
    data: dict[str, list[str]] = {}
    for name, value in reader.fields:
        data.setdefault(name, []).append(value)
    return data


def form_with_field(html: str, field_name: str) -> dict[str, list[str]]:
    """Like :func:`form_as_rendered`, for the first form on the page that has a field named ``field_name``."""
    for index in range(html.count("<form")):
        data = form_as_rendered(html, index)
        if field_name in data:
            return data
    raise AssertionError(f"no form with a field {field_name!r}")
