import logging

from bot.logs import RedactSecrets


def test_secrets_are_redacted_from_messages_and_tracebacks() -> None:
    record = logging.LogRecord(
        "x", logging.ERROR, __file__, 1, "token is %s", ("s3cr3t-value",), None
    )
    try:
        raise RuntimeError("failed with s3cr3t-value")
    except RuntimeError:
        import sys

        record.exc_info = sys.exc_info()
    assert RedactSecrets(["s3cr3t-value"]).filter(record)
    assert record.getMessage() == "token is [redacted]"
    assert "s3cr3t-value" not in record.exc_text
    assert "[redacted]" in record.exc_text
