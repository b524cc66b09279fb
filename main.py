"""Lawkeeper's command line: run the bot, talk to it in a console, and (later) import,
check feeds and print the ledger."""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from bot.adapter import AdapterError
from bot.cli_args import png_path, positive_int
from bot.config import Config, Secrets, load_config
from bot.console import ConsoleAdapter, render_text
from bot.feeds_cli import check_feeds, import_files, show_top
from bot.logs import setup_logging
from bot.platforms import adapters_to_run, incomplete, only_local
from bot.predictions_cli import backtest
from bot.replay import DEFAULT_SPEED, replay
from bot.runtime import Runtime
from catalog import load_catalog
from catalog.catalog import name_index
from common.settings import ConfigError
from feeds.registry import SOURCES
from handlers.commands import UsageError
from handlers.commands.ledger import LEDGER_LAWS, ledger_filter, ledger_json
from handlers.commands.model import check_name, find_model, listed_model, model_card, model_json
from handlers.ledger import current_verdicts, recompute_ledger
from laws import LAWS, Verdict
from laws.evidence import key_evidence
from storage import StorageError, connect
from storage.history import load_bundle
from storage.listings import Listing, find_listing


def main(argv: list[str] | None = None) -> int:
    """The command line; returns the exit status: the subcommand's, 2 for a bad config, 1 when
    the database or a platform fails, 130 on Ctrl-C. Sets up logging with the platforms' secrets
    redacted before any subcommand runs."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"lawkeeper: config error: {exc}", file=sys.stderr)
        return 2
    secrets = Secrets.from_env()
    setup_logging(args.log_level or config.logging.level, list(secrets.values()))
    try:
        return args.func(args, config, secrets)
    except (StorageError, AdapterError) as exc:
        print(f"lawkeeper: {exc}", file=sys.stderr)
        return 1
    except sqlite3.Error as exc:  # the database broke after it was opened
        print(f"lawkeeper: {StorageError.of(config.database_path, exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def build_parser() -> argparse.ArgumentParser:
    """Every subcommand with its options and help; each sets `func` to its `cmd_*` function,
    which `main` calls with the config and secrets."""
    parser = argparse.ArgumentParser(
        prog="main.py",
        description="Lawkeeper: a chat bot keeping a ledger of the three laws of "
        "generative-AI model evolution.",
    )
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="config file (default: $LAWKEEPER_CONFIG, else config.toml)",
    )
    parser.add_argument(
        "--log-level", choices=["DEBUG", "INFO", "WARNING", "ERROR"], help="override logging.level"
    )
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    run = commands.add_parser(
        "run",
        help="run the bot: platforms whose tokens are set, else the console",
        description="Run the bot until SIGINT/SIGTERM. Discord starts when DISCORD_TOKEN is "
        "set, Slack when its tokens are set; with neither, the console adapter.",
    )
    run.add_argument(
        "--replay",
        type=Path,
        metavar="DIR",
        help="replay the leaderboard files in DIR in date order as if they were "
        "live polls, printing the announcements, then exit (uses a "
        "throw-away database; nothing is sent to any platform)",
    )
    run.add_argument(
        "--speed",
        type=float,
        default=DEFAULT_SPEED,
        metavar="X",
        help=f"with --replay: replayed days per second (default {DEFAULT_SPEED:g}: "
        "a year in about a minute)",
    )
    run.set_defaults(func=cmd_run)

    console = commands.add_parser(
        "console",
        help="chat with the bot in this terminal (or pipe commands on stdin)",
        description="Read commands such as '/law 2' from stdin, print the replies, and "
        "exit 0 at end of input. Needs no tokens.",
    )
    console.set_defaults(func=cmd_console)

    ledger = commands.add_parser(
        "ledger",
        help="print the ledger: the current verdict of every law, leaderboard and month",
        description="Recompute the ledger from the stored snapshots (adding only verdicts that "
        "changed) and print the current verdicts.",
    )
    ledger.add_argument("--law", choices=LEDGER_LAWS, help="one law or part")
    ledger.add_argument("--leaderboard", metavar="ID", help="one leaderboard, such as arena")
    ledger.add_argument("--category", metavar="C", help="one category, such as overall")
    ledger.add_argument("--json", action="store_true", help="a JSON list instead of text")
    ledger.set_defaults(func=cmd_ledger)

    chart = commands.add_parser(
        "chart",
        help="write the chart of a law as a PNG file",
        description="Write the chart /law N attaches, from the ledger.",
    )
    chart.add_argument("--law", choices=["1", "2", "3"], required=True)
    chart.add_argument("--out", metavar="FILE.png", required=True, type=png_path)
    chart.set_defaults(func=cmd_chart)

    importer = commands.add_parser(
        "import",
        help="import archived leaderboard files (any supported format)",
        description="Read archived leaderboard files (Arena tables and exports, Open LLM "
        "CSVs, Epoch CSVs or benchmark_data.zip, LiveBench tables, HELM JSON) "
        "into the database. Importing a file twice adds nothing.",
    )
    importer.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    importer.set_defaults(func=cmd_import)

    top = commands.add_parser(
        "top",
        help="a leaderboard's standings at a date",
        description="The standings of the latest snapshot on or before a date.",
    )
    top.add_argument("--leaderboard", required=True, choices=list(SOURCES))
    top.add_argument("--category", help="default: overall (or the only category)")
    top.add_argument(
        "--at", type=date.fromisoformat, metavar="YYYY-MM-DD", help="default: the latest snapshot"
    )
    top.add_argument("--limit", type=positive_int, default=10)
    top.add_argument("--json", action="store_true", help="print JSON")
    top.set_defaults(func=cmd_top)

    model = commands.add_parser(
        "model",
        help="what the catalog knows of a model, by any name or alias",
        description="What the model catalog knows of a model, by any name or alias a "
        "leaderboard lists it under (case-insensitive; also 'leaderboard:name' "
        "and Hugging Face ids 'org/name'): openness, parameters and release "
        "date, each with its provenance, aliases and conflicts. An unknown name "
        "prints the closest matches on stderr and exits with status 1.",
    )
    model.add_argument("name", metavar="NAME", help="a model name or alias")
    model.add_argument("--json", action="store_true", help="print JSON")
    model.set_defaults(func=cmd_model)

    predictions = commands.add_parser(
        "predictions",
        help="community predictions: backtest claims on the history",
        description='Community predictions (see README, "Predictions").',
    )
    actions = predictions.add_subparsers(title="actions", required=True)
    back = actions.add_parser(
        "backtest",
        help="resolve past claims as they would have been live",
        description='Read JSON Lines, each {"stated": "YYYY-MM-DD", "claim": "<text '
        'form>"} (other keys ignored), and resolve each claim against the bundled '
        "and stored history using only snapshots dated after its stated day. A "
        "line that is not a claim is reported with its number (exit status 1).",
    )
    back.add_argument("file", type=Path, metavar="FILE", help="a JSON Lines file of claims")
    back.add_argument(
        "--json",
        action="store_true",
        help='a JSON list of {"claim", "stated", "outcome", "resolved_on", '
        '"evidence"} instead of a table',
    )
    back.set_defaults(func=cmd_predictions_backtest)

    check = commands.add_parser(
        "check-feeds",
        help="fetch each enabled live feed once and report",
        description="Fetch each enabled live feed once; print ok / unchanged / error with "
        "the reason. Stores nothing. Exit status 1 when any feed failed.",
    )
    check.set_defaults(func=cmd_check_feeds)
    return parser


def cmd_run(args: argparse.Namespace, config: Config, secrets: Secrets) -> int:
    """`main.py run`: the platforms whose secrets are set (else the console), with polls (when
    `[feeds] polling` is on), outbox delivery and the web pages, until SIGINT/SIGTERM; with only
    the console, until its input ends. With --replay, a replay into a throw-away database
    instead. 2 for a bad --replay or --speed, or a platform with only some of its variables set."""
    if args.replay is not None:
        if not args.replay.is_dir():
            print(f"lawkeeper: --replay {args.replay}: not a directory", file=sys.stderr)
            return 2
        if args.speed <= 0:
            print("lawkeeper: --speed: expected a number > 0", file=sys.stderr)
            return 2
        asyncio.run(replay(config, args.replay, args.speed))
        return 0
    if missing := incomplete(config, secrets):
        print(f"lawkeeper: {missing}", file=sys.stderr)
        return 2
    # The platforms of the platform table whose secrets are set (else the console). A
    # platform's library is imported only when it starts (discord.py and slack-bolt are
    # ~16 MiB of the process; the console needs neither), once the work at start is done.
    adapters = adapters_to_run(config, secrets)
    # The console alone ends the bot at end of input (Ctrl-D), as `main.py console` does.
    asyncio.run(
        Runtime(config, secrets).serve(
            adapters, until_adapters_finish=only_local(adapters), watch=True, web=True
        )
    )
    return 0


def cmd_console(args: argparse.Namespace, config: Config, secrets: Secrets) -> int:
    """`main.py console`: the console alone, with no polls and no web pages, until its input
    ends (exit 0). Needs no tokens."""
    asyncio.run(Runtime(config, secrets).serve([ConsoleAdapter()], until_adapters_finish=True))
    return 0


def cmd_ledger(args: argparse.Namespace, config: Config, secrets: Secrets) -> int:
    """`main.py ledger`: brings the stored ledger up to date first (recording the verdicts that
    changed), then prints the current verdicts that match the filters, or JSON. 0 even when none
    match (a note on stderr says so)."""
    verdicts = ledger_filter(
        _ledger_verdicts(config, ("1", "2", "3a", "3b")), args.law, args.leaderboard, args.category
    )
    if args.json:
        print(json.dumps(ledger_json(verdicts), indent=1))
        return 0
    for v in verdicts:
        print(f"{v.law:<3} {v.leaderboard} · {v.category} {v.period} {v.label}: {key_evidence(v)}")
    if not verdicts:
        print("No verdicts: no snapshots stored, or none match.", file=sys.stderr)
    return 0


def cmd_chart(args: argparse.Namespace, config: Config, secrets: Secrets) -> int:
    """`main.py chart`: every part of the law, from the ledger brought up to date, drawn in this
    process; 1 when the file cannot be written."""
    # matplotlib only here, drawing in this process: the bot draws in a child process.
    from laws.charts import render_chart

    parts = tuple(p.id for p in LAWS[args.law].parts)
    png = render_chart(args.law, _ledger_verdicts(config, parts))
    try:
        args.out.write_bytes(png)
    except OSError as exc:
        print(f"lawkeeper: cannot write {args.out}: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.out} ({len(png)} bytes)")
    return 0


def _ledger_verdicts(config: Config, parts: tuple[str, ...]) -> list[Verdict]:
    """Bring the ledger up to date with the stored snapshots (the bundled history loaded
    first, as at start), then read it (oldest month first)."""
    db = connect(config.database_path)
    try:
        load_bundle(db)
        recompute_ledger(db, load_catalog(), config.laws, datetime.now(UTC), "main.py ledger")
        rows = current_verdicts(db, parts)
    finally:
        db.conn.close()
    return sorted(
        (r.verdict for r in rows), key=lambda v: (v.law, v.leaderboard, v.category, v.period)
    )


def cmd_import(args: argparse.Namespace, config: Config, secrets: Secrets) -> int:
    """`main.py import`: 1 when any file could not be read (the others are imported all the
    same)."""
    return asyncio.run(import_files(config, args.paths))


def cmd_top(args: argparse.Namespace, config: Config, secrets: Secrets) -> int:
    """`main.py top` (see `show_top`): 1 with the reason on stderr when the category or any
    snapshot is missing."""
    return asyncio.run(
        show_top(config, args.leaderboard, args.category, args.at, args.limit, args.json)
    )


def cmd_model(args: argparse.Namespace, config: Config, secrets: Secrets) -> int:
    """`main.py model`: the catalog's card (or JSON) of the model a name or alias resolves to; a
    name the catalog lacks but a stored listing has gets that listing's card. 1 with the closest
    matches on stderr when neither knows it."""
    catalog = load_catalog()
    listing = None
    try:
        found = find_model(catalog, args.name)
        aliases = name_index(catalog).aliases(found.key)
    except UsageError as exc:
        listing = _listing(config, args.name)
        if listing is None:
            print(f"lawkeeper: {exc}", file=sys.stderr)
            return 1
        found, aliases = listed_model(catalog, listing), []
    if args.json:
        print(json.dumps(model_json(found, aliases), indent=1, ensure_ascii=False))
    else:
        print(render_text(model_card(found, aliases, listing)))
    return 0


def _listing(config: Config, name: str) -> Listing | None:
    """A model the catalog does not hold, from the stored listings (the bundled history
    loaded first, as at start)."""
    db = connect(config.database_path)
    try:
        load_bundle(db)
        return find_listing(db, check_name(name))
    except UsageError:
        return None
    finally:
        db.conn.close()


def cmd_predictions_backtest(args: argparse.Namespace, config: Config, secrets: Secrets) -> int:
    """`main.py predictions backtest`: 1 when the file cannot be read or a line is not a claim
    (nothing is resolved then), else 0 whatever the outcomes."""
    return backtest(config, args.file, args.json)


def cmd_check_feeds(args: argparse.Namespace, config: Config, secrets: Secrets) -> int:
    """`main.py check-feeds`: one line per enabled live feed, storing no snapshot; 1 when any
    feed failed."""
    return asyncio.run(check_feeds(config))


if __name__ == "__main__":
    sys.exit(main())
