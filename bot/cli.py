"""The `convener` command: console, run, export, db upgrade."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TextIO

from pydantic import ValidationError

from bot import app
from bot.effects import Audience
from bot.i18n import plain, supported
from bot.parsing import known_timezone
from bot.settings import SUPPORTED_LOCALES, Settings
from bot.store import migrate
from bot.text import Text, Verbatim, lines, t


def _say(text: Text, locale: str, stream: TextIO | None = None) -> None:
    print(plain(text, Audience(locale, "UTC")), file=stream or sys.stdout)


def _terminal_locale() -> str:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        found = supported(os.environ.get(var))
        if found:
            return found
    return "en"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="convener",
        description="Convener: a chat bot for collaborative learning groups.",
    )
    try:
        current = version("convener")
    except PackageNotFoundError:
        current = "dev"
    parser.add_argument("--version", action="version", version=f"convener {current}")
    sub = parser.add_subparsers(dest="command", required=True)
    console = sub.add_parser("console", help="talk to Convener in this terminal (no token needed)")
    console.add_argument(
        "--lang", choices=list(SUPPORTED_LOCALES), help="the language you start with"
    )
    console.add_argument("--as", dest="person", metavar="NAME", help="who you start as (Alice)")
    sub.add_parser("run", help="start every platform adapter the environment configures")
    export = sub.add_parser(
        "export", help="write a group's record to CSV files or an XLSX workbook (operators)"
    )
    export.add_argument("--group", type=int, required=True, metavar="N", help="the group's number")
    export.add_argument("--format", choices=["csv", "xlsx"], default="xlsx")
    export.add_argument(
        "--out",
        required=True,
        metavar="PATH",
        help="the .xlsx file; for csv a folder of CSV files, or a .zip of them",
    )
    export.add_argument("--lang", choices=list(SUPPORTED_LOCALES), help="headers' language")
    export.add_argument("--timezone", metavar="ZONE", help="times' zone (the default zone)")
    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="apply the database migrations")
    db_sub.add_parser("current", help="show the database's migration revision")
    return parser


def main(argv: list[str] | None = None) -> int:
    options = _parser().parse_args(argv)
    locale = _terminal_locale()
    try:
        settings = Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        _say(t("The configuration is not valid: {problems}", problems=problems), locale, sys.stderr)
        return 2
    if options.command == "console":
        app.configure_logging(settings, quiet=True)
        asyncio.run(app.run_console(settings, language=options.lang, person=options.person))
        return 0
    app.configure_logging(settings)
    if options.command == "export":
        return _export(settings, options, locale)
    if options.command == "db":
        if options.db_command == "upgrade":
            migrate.upgrade(settings.database_url)
            _say(t("The database is up to date."), locale)
        else:
            from bot.store.db import Store

            store = Store(settings.database_url)
            _say(
                t(
                    "Database revision: {revision}",
                    revision=Verbatim(migrate.current_revision(store.engine) or "-"),
                ),
                locale,
            )
            store.dispose()
        return 0
    platforms = app.configured_platforms(settings)
    if not platforms:
        _say(
            lines(
                t("No chat platform is configured, so there is nothing to run."),
                t(
                    "Set TELEGRAM_BOT_TOKEN for Telegram or SLACK_BOT_TOKEN for Slack"
                    " (see the README's configuration table)."
                ),
                t("To try Convener now without any token, run: convener console"),
            ),
            locale,
            sys.stderr,
        )
        return 2
    asyncio.run(app.run_platforms(settings))
    return 0


def _export(settings: Settings, options: argparse.Namespace, locale: str) -> int:
    """A group's record, written by the operator, with a progress bar on a terminal."""
    from tqdm import tqdm

    from bot.store.db import Store
    from bot.store.models import LearningGroup
    from bot.takeout import exports  # openpyxl loads only when exporting
    from bot.takeout.tables import TABLES, Record, Table

    zone = options.timezone or settings.default_timezone
    if known_timezone(zone) is None:
        unknown = t("Unknown time zone “{zone}”: use a name like Europe/Paris.", zone=zone)
        _say(unknown, locale, sys.stderr)
        return 2
    language = options.lang or locale
    out = Path(options.out)
    store = Store(settings.database_url, patience=None)
    try:
        with store.transaction() as db:
            group = db.get(LearningGroup, options.group)
            if group is None:
                _say(t("There is no group {number}.", number=options.group), locale, sys.stderr)
                return 2
            title = group.title
            record = Record(db, group, Audience(language, zone))
            built: list[Table] = [
                build(record) for build in tqdm(TABLES, desc=title[:30], unit="table", disable=None)
            ]
    finally:
        store.dispose()
    if options.format == "xlsx":
        out.write_bytes(exports.xlsx(built))
    elif out.suffix.lower() == ".zip":
        out.write_bytes(exports.csv_zip(built, language))
    else:
        exports.write_csv_folder(built, language, out)
    rows = sum(len(table.rows) for table in built)
    done = t("Wrote {rows} rows of “{group}” to {path}.", rows=rows, group=title, path=str(out))
    _say(done, locale)
    return 0
