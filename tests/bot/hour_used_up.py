"""A user who has sent `max_per_hour` (3) counterexamples in the last hour."""

from datetime import UTC, datetime, timedelta

from storage import Storage, transaction
from storage.counterexamples import (
    Check,
    CheckOutcome,
    Person,
    Submission,
    insert_counterexample,
)

REFUSED = "You have sent 3 counterexamples in the last hour; the limit is 3."


async def use_up_the_hour(storage: Storage, platform: str, user_id: str) -> None:
    at = datetime.now(UTC) - timedelta(minutes=5)

    def fill(db) -> None:
        with transaction(db):
            for n in range(3):
                insert_counterexample(
                    db,
                    Submission("2", f"claim number {n}", "a, b", "https://x.org"),
                    Person(platform, user_id, "someone"),
                    "C1",
                    at,
                    Check(CheckOutcome.UNCHECKABLE, "not checked"),
                )

    await storage.call(fill)
