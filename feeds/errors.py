"""The one error a feed parser raises."""


class FeedError(Exception):
    """A payload that cannot be read as the expected leaderboard format. The message names
    what is wrong, e.g. "arena CSV: missing column 'rating'"."""
