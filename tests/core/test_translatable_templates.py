"""Every user-facing string is translatable (msgids are Chinese): no template anywhere, newer apps included, prints
Chinese text outside {% translate %}, {% blocktranslate %} or a _("…") literal (issue 10: strings not translatable)."""

import pathlib
import re

from django.conf import settings

CHINESE = re.compile(r"[\u4e00-\u9fff]")
TRANSLATED = [
    re.compile(r"{%\s*blocktranslate\b.*?{%\s*endblocktranslate\s*%}", re.S),
    re.compile(r"{%\s*translate\s+(\"[^\"]*\"|'[^']*')[^%]*%}"),
    re.compile(r"_\((\"[^\"]*\"|'[^']*')\)"),
    re.compile(r"{#.*?#}", re.S),
    re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S),
]


def test_no_template_prints_chinese_that_cannot_be_translated():
    root = pathlib.Path(settings.BASE_DIR)
    offenders = []
    for path in root.glob("*/templates/**/*.html"):
        if path.relative_to(root).parts[0] in {".venv", "bench", "scale", "staticfiles"}:
            continue
        text = path.read_text()
        for pattern in TRANSLATED:
            text = pattern.sub("", text)
        offenders += [f"{path.relative_to(root)}: {m}" for m in CHINESE.findall(text)]
    assert offenders == []
