"""The check on suppression comments themselves: every rule id they name must exist."""

from __future__ import annotations

from collections.abc import Iterator

from skillkit.diagnostics import Finding
from skillkit.document import suppression as suppress
from skillkit.ids import RuleId
from skillkit.rules.base import Context, W, rule
from skillkit.words import closest, did_you_mean


@rule(RuleId.SUPPRESSION_UNKNOWN_RULE, W, needs="body")
def suppression_unknown_rule(ctx: Context) -> Iterator[Finding]:
    """A `<!-- skillkit-disable... -->` comment names a rule id that does not exist.

    Suppress findings with `<!-- skillkit-disable-next-line RULE -->` on the line before them, or
    `<!-- skillkit-disable RULE -->` ... `<!-- skillkit-enable RULE -->` around a range (several ids
    may be separated by spaces or commas; no id means every rule). A misspelled id silences nothing,
    so it is reported.
    """
    from skillkit.rules import (
        RULES,  # the registry imports this module: look it up at check time
    )

    for directive in suppress.directives(ctx.doc):
        for name, column in directive.rules:
            if name in RULES:
                continue
            close = closest(name, RULES)
            hint = f"; {did_you_mean(close)}" if close else " (see 'skillkit rules')"
            yield Finding(
                RuleId.SUPPRESSION_UNKNOWN_RULE,
                f"unknown rule id {name!r} in skillkit-{directive.kind}{hint}",
                directive.line,
                column,
            )
