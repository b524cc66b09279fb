"""Command text split into words as a POSIX shell would (shlex.split's rules), in linear
time: shlex builds each word one character at a time by string concatenation, which is
quadratic and blocked the event loop for seconds on long input."""

from __future__ import annotations

import re

# One piece per match, tried at each position; the alternatives start with different
# characters and none nests a repetition, so a match never backtracks.
_PIECE = re.compile(r"""(\s+)|'([^']*)'|"((?:[^"\\]|\\.)*)"|\\(.)|([^\s'"\\]+)""", re.S)
_QUOTED_ESCAPE = re.compile(r'\\(["\\])')  # inside "…", a backslash escapes only " and \


def split_words(text: str) -> list[str]:
    """The words of `text`; ValueError for an unclosed quote or a trailing backslash."""
    words: list[str] = []
    word: list[str] | None = None  # pieces of the word being read, None between words
    pos = 0
    while pos < len(text):
        match = _PIECE.match(text, pos)
        if match is None:
            raise ValueError(
                "a backslash ends the text"
                if text[pos] == "\\"
                else "a quotation mark is not closed"
            )
        pos = match.end()
        space, single, double, escaped, bare = match.groups()
        if space is not None:
            if word is not None:
                words.append("".join(word))
            word = None
            continue
        if word is None:
            word = []
        if double is not None:
            word.append(_QUOTED_ESCAPE.sub(r"\1", double))
        else:
            word.append(next(p for p in (single, escaped, bare) if p is not None))
    if word is not None:
        words.append("".join(word))
    return words


def rest_after(text: str, count: int) -> str:
    """`text` after its first `count` words (as `split_words` reads them), exactly as typed:
    quotes and spacing inside it are kept. '' when it has no more words."""
    pos, words, in_word = 0, 0, False
    while pos < len(text):
        match = _PIECE.match(text, pos)
        if match is None:  # an unclosed quote or trailing backslash: the rest as it is
            return text[pos:].strip() if words >= count else ""
        if match.group(1) is not None:
            words += in_word
            in_word = False
        elif not in_word:
            if words >= count:
                return text[pos:].strip()
            in_word = True
        pos = match.end()
    return ""
