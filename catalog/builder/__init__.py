"""Building the catalog file from the real sources (used by scripts/build_catalog.py).

Nothing here runs in the bot: the bot only loads the file this package writes. Every
function is pure (text in, values out) so each rule is testable on small excerpts.
"""
