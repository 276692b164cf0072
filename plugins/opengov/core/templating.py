"""Jinja for the engine-free HTML (compliance report, annual report): no MkDocs here.

The templates live in ``templates/`` beside this module and ship as package data.
"""

from __future__ import annotations

import functools
import html
from pathlib import Path

import jinja2
from markupsafe import Markup

TEMPLATES = Path(__file__).with_name("templates")


def _escape(value: object) -> object:
    # Autoescape with the standard library's entities (&quot; &#x27;), not markupsafe's (&#34; &#39;):
    # the pages stay byte for byte what they were when built as strings. Markup (|safe) passes.
    if hasattr(value, "__html__"):
        return value
    return Markup(html.escape(str(value)))


@functools.cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        finalize=_escape,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def render(name: str, **context: object) -> str:
    """``templates/<name>`` rendered with ``context``; a template's final newline is dropped."""
    return environment().get_template(name).render(**context)
