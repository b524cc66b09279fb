"""Benchmarks: `python -m bench` runs every one and prints one table; each module also runs
on its own (`python -m bench.ingest`) and prints its figures last, as one `RESULT` line of
JSON. Every figure is measured next to a baseline in the same run. No network: feeds,
Discord and Slack are local servers on 127.0.0.1; temporary files are removed."""
