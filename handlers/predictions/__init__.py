"""Community predictions in chat: state a claim (a form, or its text form), list and show
them, withdraw or void one, score the forecasters; and, after each stored snapshot, resolve
the open ones and announce each outcome once. The claims themselves (templates, parsing,
resolution, scoring) are the pure `predictions` package."""
