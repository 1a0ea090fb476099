"""E-mail templates: `<name>.subject.txt`, `<name>.txt` and `<name>.html` under templates/.

HTML is autoescaped; every template gets `product` and whatever the caller passes.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from shared_code.platform.email import EmailMessage

PRODUCT = "IntelliFin"


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("shared_code.notifications", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def render_email(template: str, to: list[str], **context: Any) -> EmailMessage:
    """The e-mail `template` rendered for `to` with `context`."""
    env = _environment()
    values = {"product": PRODUCT, **context}
    return EmailMessage(
        to=to,
        subject=env.get_template(f"{template}.subject.txt").render(values).strip(),
        text=env.get_template(f"{template}.txt").render(values),
        html=env.get_template(f"{template}.html").render(values),
    )
