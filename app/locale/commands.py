"""Typer's command classes in the command's language.

Typer (from 0.2x) carries its own copy of Click in which a few texts are fixed English: the help option's
help, the "Usage:" prefix, and the argument parser's errors ("Missing option '--username'."). These
classes put those in the command's language; everything else goes through the catalogue
(``app.locale._``) or gettext's default domain (``app.locale.install``).
"""

from __future__ import annotations

import re
from typing import Any

from typer.core import TyperCommand, TyperGroup

from app.locale import _, vietnamese

# The parser's English errors, as Click words them, and their Vietnamese.
_PARSER_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^Missing option (.+)\.$", re.S), "Thiếu tùy chọn {0}."),
    (re.compile(r"^Missing argument (.+)\.$", re.S), "Thiếu tham số {0}."),
    (re.compile(r"^Missing parameter: (.+)$", re.S), "Thiếu tham số: {0}"),
    (
        re.compile(r"^No such option: (.+?)(?: \(Possible options: (.+)\))?$", re.S),
        "Không có tùy chọn: {0}{1}",
    ),
    (re.compile(r"^Invalid value for (.+?): (.*)$", re.S), "Giá trị không hợp lệ cho {0}: {1}"),
    (re.compile(r"^Got unexpected extra arguments? \((.*)\)$", re.S), "Có tham số thừa ({0})"),
    (re.compile(r"^Option (.+) requires an argument\.$", re.S), "Tùy chọn {0} cần một giá trị."),
)


def parser_error(message: str) -> str:
    """A parser error of Click's in Vietnamese, or as it is when it is not one of those known."""
    for pattern, vietnamese_text in _PARSER_ERRORS:
        found = pattern.match(message)
        if found:
            parts = [part or "" for part in found.groups()]
            if "Possible options" in pattern.pattern and parts[1]:
                parts[1] = f" (Các tùy chọn có thể: {parts[1]})"
            return vietnamese_text.format(*parts)
    return message


def _usage_error_class(exc: BaseException) -> type[Any] | None:
    return next((c for c in type(exc).__mro__ if c.__name__ == "UsageError"), None)


class _Localised:
    """What the two command classes share (mixed in before Typer's class)."""

    def get_usage(self, ctx: Any) -> str:
        usage: str = super().get_usage(ctx)  # type: ignore[misc]
        return usage.replace("Usage:", _("Usage:"), 1)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = _("Show this message and exit.")
        return option

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            rest: list[str] = super().parse_args(ctx, args)  # type: ignore[misc]
        except Exception as exc:
            usage_error = _usage_error_class(exc)
            if usage_error is None or not vietnamese() or type(exc).__name__ == "NoArgsIsHelpError":
                raise
            translated = parser_error(exc.format_message())  # type: ignore[attr-defined]
            raise usage_error(translated, ctx=getattr(exc, "ctx", ctx)) from None
        return rest


class Command(_Localised, TyperCommand):
    pass


class Group(_Localised, TyperGroup):
    pass
