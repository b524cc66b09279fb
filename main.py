"""Lawkeeper's command line: run the bot, talk to it in a console, and (later) import,
check feeds and print the ledger."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.config import Config, ConfigError, Secrets, load_config
from bot.console import ConsoleAdapter
from bot.logs import setup_logging
from bot.runtime import Adapter, Runtime
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
    return parser


def cmd_run(args: argparse.Namespace, config: Config, secrets: Secrets) -> int:
    adapters: list[Adapter] = []
    if config.platforms.console == "on" or (config.platforms.console == "auto" and not adapters):
        adapters.append(ConsoleAdapter())
    asyncio.run(Runtime(config, secrets).serve(adapters, until_adapters_finish=False,
                                               watch=True))
    return 0


def cmd_console(args: argparse.Namespace, config: Config, secrets: Secrets) -> int:
    asyncio.run(Runtime(config, secrets).serve([ConsoleAdapter()], until_adapters_finish=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
