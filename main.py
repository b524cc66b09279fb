"""Lawkeeper's command line: run the bot, talk to it in a console, and (later) import,
check feeds and print the ledger."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date
from pathlib import Path

from bot.config import Config, ConfigError, Secrets, load_config
from bot.console import ConsoleAdapter
from bot.feeds_cli import check_feeds, import_files, show_top
from bot.logs import setup_logging
from bot.runtime import Adapter, Runtime
from feeds.registry import SOURCES
from storage import StorageError


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"lawkeeper: config error: {exc}", file=sys.stderr)
        return 2
    secrets = Secrets.from_env()
    setup_logging(args.log_level or config.logging.level, secrets.values())
    try:
        return args.func(args, config, secrets)
    except StorageError as exc:
        print(f"lawkeeper: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py",
        description="Lawkeeper: a chat bot keeping a ledger of the three laws of "
                    "generative-AI model evolution.",
    )
    parser.add_argument("--config", metavar="PATH",
                        help="config file (default: $LAWKEEPER_CONFIG, else config.toml)")
    parser.add_argument("--log-level", choices=["DEBUG", "INFO", "WARNING", "ERROR"],
                        help="override logging.level")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    run = commands.add_parser(
        "run", help="run the bot: platforms whose tokens are set, else the console",
        description="Run the bot until SIGINT/SIGTERM. Discord starts when DISCORD_TOKEN is "
                    "set, Slack when its tokens are set; with neither, the console adapter.")
    run.set_defaults(func=cmd_run)

    console = commands.add_parser(
        "console", help="chat with the bot in this terminal (or pipe commands on stdin)",
        description="Read commands such as '/law 2' from stdin, print the replies, and "
                    "exit 0 at end of input. Needs no tokens.")
    console.set_defaults(func=cmd_console)

    importer = commands.add_parser(
        "import", help="import archived leaderboard files (any supported format)",
        description="Read archived leaderboard files (Arena tables and exports, Open LLM "
                    "CSVs, Epoch CSVs or benchmark_data.zip, LiveBench tables, HELM JSON) "
                    "into the database. Importing a file twice adds nothing.")
    importer.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    importer.set_defaults(func=cmd_import)

    top = commands.add_parser(
        "top", help="a leaderboard's standings at a date",
        description="The standings of the latest snapshot on or before a date.")
    top.add_argument("--leaderboard", required=True, choices=list(SOURCES))
    top.add_argument("--category", help="default: overall (or the only category)")
    top.add_argument("--at", type=date.fromisoformat, metavar="YYYY-MM-DD",
                     help="default: the latest snapshot")
    top.add_argument("--limit", type=int, default=10)
    top.add_argument("--json", action="store_true", help="print JSON")
    top.set_defaults(func=cmd_top)

    check = commands.add_parser(
        "check-feeds", help="fetch each enabled live feed once and report",
        description="Fetch each enabled live feed once; print ok / unchanged / error with "
                    "the reason. Stores nothing. Exit status 1 when any feed failed.")
    check.set_defaults(func=cmd_check_feeds)
    return parser


def cmd_run(args: argparse.Namespace, config: Config, secrets: Secrets) -> int:
    adapters: list[Adapter] = []
    if config.platforms.console == "on" or (config.platforms.console == "auto" and not adapters):
        adapters.append(ConsoleAdapter())
    asyncio.run(Runtime(config, secrets).serve(adapters, until_adapters_finish=False))
    return 0


def cmd_console(args: argparse.Namespace, config: Config, secrets: Secrets) -> int:
    asyncio.run(Runtime(config, secrets).serve([ConsoleAdapter()], until_adapters_finish=True))
    return 0


def cmd_import(args: argparse.Namespace, config: Config, secrets: Secrets) -> int:
    return asyncio.run(import_files(config, args.paths))


def cmd_top(args: argparse.Namespace, config: Config, secrets: Secrets) -> int:
    return asyncio.run(show_top(config, args.leaderboard, args.category, args.at, args.limit,
                                args.json))


def cmd_check_feeds(args: argparse.Namespace, config: Config, secrets: Secrets) -> int:
    return asyncio.run(check_feeds(config))


if __name__ == "__main__":
    sys.exit(main())
