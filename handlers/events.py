"""The kinds of outbox event: what the workflows enqueue, and handlers/announcement.py turns
into a `Reply`. Kept apart from the renderer so that a workflow enqueuing an event does not
import how every kind is shown (which imports the workflows' own display code)."""

LEADER_CHANGE = "leader_change"
VERDICT_CHANGE = "verdict_change"
COUNTEREXAMPLE_ACCEPTED = "counterexample_accepted"
PREDICTION_RESOLVED = "prediction_resolved"
