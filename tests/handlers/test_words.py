import shlex

import pytest

from handlers.commands.words import split_words

SAMPLES = [
    "",
    "   ",
    "2",
    "2 explain",
    "  a   b  ",
    'law=2 claim="a b c" models="x, y"',
    "'single quoted' x",
    'a"b c"d',
    '""',
    "''",
    'x "" y',
    r"a\ b",
    r'"a\"b"',
    r'"a\b"',
    r'"a\\b"',
    r"'a\b'",
    "a'b'c\"d\"e",
    "tab\tand\nnewline",
    r"\\",
    'évidence="ünïcode ✓"',
]


@pytest.mark.parametrize("text", SAMPLES)
def test_words_are_split_as_shlex_splits_them(text: str) -> None:
    assert split_words(text) == shlex.split(text)


@pytest.mark.parametrize("text", ['"open', "'open", "a\\", 'a "b\\"'])
def test_unclosed_quotes_and_trailing_backslashes_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        shlex.split(text)
    with pytest.raises(ValueError):
        split_words(text)


def test_long_text_is_split_in_one_pass() -> None:
    """Every piece is matched once: 10,000 quoted words come back intact."""
    text = " ".join(f'"w {i}"' for i in range(10_000))
    assert split_words(text) == [f"w {i}" for i in range(10_000)]
