"""Read a form from a rendered page and submit it as a browser would, unchanged."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    """Collects every <form> with the fields a browser sends: inputs with their value (checked
    boxes only), the selected options of each select (a plain one sends its first when none is
    selected), textareas' text and the first submit button."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: tuple[str, list[tuple[str, bool]], bool] | None = None
        self._option: tuple[str | None, bool, list[str]] | None = None
        self._textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._form = {
                "action": a.get("action", ""),
                "method": a.get("method", "get").lower(),
                "fields": [],
                "submitted": False,
            }
            self.forms.append(self._form)
            return
        if self._form is None or ("name" not in a and tag != "option") or "disabled" in a:
            return
        fields = self._form["fields"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields.append((a["name"], a.get("value", "on")))
            elif kind == "submit":
                if not self._form["submitted"]:
                    fields.append((a["name"], a.get("value", "")))
                    self._form["submitted"] = True
            elif kind not in ("file", "button", "reset", "image"):
                fields.append((a["name"], a.get("value", "")))
        elif tag == "button" and a.get("type", "submit") == "submit":
            if not self._form["submitted"]:
                fields.append((a["name"], a.get("value", "")))
                self._form["submitted"] = True
        elif tag == "select":
            self._select = (a["name"], [], "multiple" in a)
        elif tag == "option" and self._select is not None:
            self._option = (a.get("value"), "selected" in a, [])
        elif tag == "textarea":
            self._textarea = (a["name"], [])

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option[2].append(data)
        if self._textarea is not None:
            self._textarea[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self._option is not None and self._select is not None:
            value, selected, text = self._option
            self._select[1].append(("".join(text).strip() if value is None else value, selected))
            self._option = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, options, multiple = self._select
            chosen = [value for value, selected in options if selected]
            if not chosen and not multiple:  # a plain select always sends one option
                chosen = [value for value, _ in options[:1]]
            self._form["fields"] += [(name, value) for value in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            name, text = self._textarea
            # The first line break after <textarea> is not content; browsers send CRLF.
            value = "".join(text).replace("\r\n", "\n").removeprefix("\n")
            self._form["fields"].append((name, value.replace("\n", "\r\n")))
            self._textarea = None
        elif tag == "form":
            self._form = None


def form_fields(html: str, url: str) -> list[tuple[str, str]]:
    """The fields a browser sends when the POST form on the page at `url` that posts to that
    same URL is submitted as shown (with its first submit button)."""
    fields = shown_form(html, url)
    assert fields is not None, f"no form on {url} that posts to it"
    return fields


def shown_form(html: str, url: str) -> list[tuple[str, str]] | None:
    """The fields of the page's POST form to `url` (or to itself), or None when there is none."""
    reader = _FormReader()
    reader.feed(html)
    forms = [
        form
        for form in reader.forms
        if form["method"] == "post" and form["action"] in ("", url) and form["fields"]
    ]
    return max(forms, key=lambda form: len(form["fields"]))["fields"] if forms else None
