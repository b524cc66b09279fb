"""Community counterexamples: submit through a form, check against the stored data, review
by moderators with buttons, credit in the ledger."""
