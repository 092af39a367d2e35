"""Text is data, never terminal control: control characters made visible.

A name or note holding ``ESC ] 0 ; … BEL`` or ``ESC [ 2 J`` would set a terminal's title or
wipe the screen if it reached the terminal as it is. Everything we draw or print passes
through here (the board through ui/visible_filter.py, error lines through the CLI), so such
a character shows as its Unicode control picture (``␛``) instead of acting.
"""

from __future__ import annotations

import re

# C0 (0x00-0x1f), DEL and C1 (0x80-0x9f): each can start or be part of a control sequence.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
# The same but tab, line feed and carriage return: the whitespace of multi-line text.
CONTROL_BUT_LINES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# C0 and DEL have control pictures (U+2400 + code, ␡ for DEL); C1 has none, so '¿' marks it.
_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)}
_PICTURES[0x7F] = "\u2421"
_PICTURES.update({code: "\u00bf" for code in range(0x80, 0xA0)})


def visible(text: str) -> str:
    """``text`` with every control character replaced by one visible character of width one."""
    if CONTROL.search(text) is None:  # the common case: no copy
        return text
    return text.translate(_PICTURES)


def visible_lines(text: str) -> str:
    """Like ``visible``, but line breaks stay line breaks (tables, several lines of output)."""
    return "\n".join(visible(line) for line in text.split("\n"))


def first_control(text: str) -> int | None:
    """The index of the first control character in ``text``, or None."""
    found = CONTROL.search(text)
    return None if found is None else found.start()
