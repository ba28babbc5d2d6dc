"""The command line: `medborgarloften validate|build|serve|diff|…` (in a checkout, `python -m generator`).
Exit 0 ok, 1 invalid data, 2 usage."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from babel.numbers import format_decimal

from .. import __version__
from ..build import (
    BuildFailed,
    address_notes,
    blocks_build,
    build_site,
    check_project,
    display_path,
    example_day,
    make_project,
    today_from,
)
from ..checks.changed import changed_pages, format_pages
from ..data import catalogue, languages
from ..data.languages import edition
from ..data.problems import REPORTERS, Problem, Severity, default_lang, format_text, summary
from ..data.schema_json import render_json_schema
from ..data.validate import validate_file
from ..data.wording import load_ui
from ..pages.escape import md_escape
from .diff import describe_changes, format_changes

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date of the form YYYY-MM-DD") from None


def _url(value: str) -> str:
    if not re.fullmatch(r"https?://[^\s/]+(/\S*)?", value):
        raise argparse.ArgumentTypeError(f"'{value}' is not an address of the form https://host/path/")
    return value if value.endswith("/") else value + "/"


def _address(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--url", type=_url, metavar="URL",
                        help="the address the site is published at, used when promises.yaml has no site.url "
                             "(publishing passes GitHub Pages' address)")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--today", type=_date, metavar="YYYY-MM-DD",
                        help="the build date (default: SOURCE_DATE_EPOCH, else today)")
    parser.add_argument("--lang", choices=catalogue.available(), default=None,
                        help=f"language of messages (default: {languages.DEFAULT}, whatever LANG is)")
    parser.add_argument("--format", choices=sorted(REPORTERS), default="text",
                        help="text, or github for annotations on a pull request")
    parser.add_argument("--content", type=Path, metavar="DIR",
                        help="the content folder (default: content/ beside the data file)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="medborgarloften",
                     description="Build a municipality's medborgarlöften site from promises.yaml and content/ "
                                 "in the current folder.")
    parser.add_argument("--version", action="version", version=f"medborgarloften {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    validate = sub.add_parser("validate", help="check promises.yaml and report every problem")
    validate.add_argument("file", nargs="?", type=Path, help="the data file (default: promises.yaml)")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    validate.add_argument("--publish", action="store_true",
                          help="as publishing checks: the skeleton's stand-ins left (its example texts and "
                               "survey, values marked # FYLL I, CODEOWNERS' example teams) are errors too; "
                               "other warnings are not")
    validate.add_argument("--translations", action="store_true",
                          help="per edition: how many texts it has, and which are missing")
    validate.add_argument("--verbose", action="store_true",
                          help="also say so when there is no problem (e.g. promises.yaml: no problems)")
    _common(validate)

    build = sub.add_parser("build", help="validate, then build the site")
    build.add_argument("--data", type=Path, metavar="FILE", help="the data file (default: promises.yaml)")
    build.add_argument("--site", type=Path, metavar="DIR", default=Path("site"), help="output folder (default: site)")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("--no-cache", action="store_true",
                       help="build every page of every edition (the cache in .cache/ is rebuilt, not read)")
    _address(build)
    _common(build)

    init = sub.add_parser("init", help="replace the example with a commented skeleton for a municipality")
    init.add_argument("name", help='the municipality\'s name, e.g. "Upplands Väsby"')
    init.add_argument("--official-name", metavar="NAME",
                      help="the official name, for a name not among Sweden's 290 municipalities "
                           '(default: from the generator\'s table, e.g. "Öckerö kommun", "Borås Stad")')
    init.add_argument("--dir", type=Path, metavar="DIR",
                      help="the site's folder (default: the current one)")
    init.add_argument("--force", action="store_true", help="replace promises.yaml even when it is real data")
    init.add_argument("--today", type=_date, metavar="YYYY-MM-DD",
                      help="the day the skeleton's dates start from (default: SOURCE_DATE_EPOCH, else today)")
    init.add_argument("--lang", choices=catalogue.available(), default=None,
                      help=f"language of messages (default: {languages.DEFAULT}, whatever LANG is)")

    new = sub.add_parser("new", help="write a municipality's own site repository (its data, workflows and the "
                                     "generator's version; no generator code)")
    new.add_argument("name", help='the municipality\'s name, e.g. "Öckerö"')
    new.add_argument("folder", nargs="?", type=Path,
                     help="the folder to write (default: <name>-medborgarloften, e.g. ockero-medborgarloften)")
    new.add_argument("--official-name", metavar="NAME",
                     help="the official name, for a name not among Sweden's 290 municipalities "
                          '(default: from the generator\'s table, e.g. "Göteborgs Stad", "Region Gotland")')
    new.add_argument("--today", type=_date, metavar="YYYY-MM-DD",
                     help="the day the skeleton's dates start from (default: SOURCE_DATE_EPOCH, else today)")
    new.add_argument("--lang", choices=catalogue.available(), default=None,
                     help=f"language of messages (default: {languages.DEFAULT}, whatever LANG is)")

    schema_cmd = sub.add_parser("schema", help="print the JSON Schema of promises.yaml (or write it with --output)")
    schema_cmd.add_argument("--output", type=Path, metavar="FILE", help="write the schema to FILE")

    check = sub.add_parser("check-site", help="build the example and check every page in a browser")
    check.add_argument("--site", type=Path, metavar="DIR", default=Path("site"),
                       help="the site to check (default: site)")
    check.add_argument("--no-build", action="store_true", help="check the site as it is, without building it first")
    check.add_argument("--screenshots", type=Path, metavar="DIR", default=Path("screenshots"),
                       help="where to write a screenshot of every page at both widths (default: screenshots)")
    check.add_argument("--no-lighthouse", action="store_true", help="skip the (slow) Lighthouse runs")
    check.add_argument("--no-browser", action="store_true",
                       help="only the static checks (links, language twins, other hosts): no browser, Java or Node")
    _address(check)
    _common(check)

    diff = sub.add_parser("diff", help="what changed between two versions of promises.yaml, as residents will see it")
    diff.add_argument("old", type=Path, help="the earlier version (e.g. the pull request's base)")
    diff.add_argument("new", type=Path, help="the later version (e.g. the pull request's head)")
    diff.add_argument("--lang", choices=catalogue.available(), default=languages.DEFAULT,
                      help=f"language of the summary (default: {languages.DEFAULT})")
    diff.add_argument("--format", choices=["text", "markdown"], default="text",
                      help="text, or markdown for a pull request's job summary")
    diff.add_argument("--today", type=_date, metavar="YYYY-MM-DD",
                      help="the build date, for the status residents see (default: SOURCE_DATE_EPOCH, else today)")
    diff.add_argument("--content", type=Path, metavar="DIR",
                      help="the content folder both versions are checked against (default: content/ beside NEW)")

    pages = sub.add_parser("changed-pages", help="the pages whose content differs between two built sites")
    pages.add_argument("old_site", type=Path, help="the site built from the earlier version")
    pages.add_argument("new_site", type=Path, help="the site built from the later version")
    pages.add_argument("--format", choices=["text", "markdown"], default="text",
                       help="text (one address per line), or markdown for a job summary")
    pages.add_argument("--lang", choices=catalogue.available(), default=languages.DEFAULT,
                       help="language of the Markdown heading")
    pages.add_argument("--base-url", metavar="URL", help="make the addresses links under this URL")

    translations = sub.add_parser("translations", help="the texts an edition lacks, to and from a translator's "
                                                        "file (gettext PO)")
    steps = translations.add_subparsers(dest="step", required=True, parser_class=_Parser)
    export = steps.add_parser("export", help="write a PO file of every text the edition lacks or has outdated")
    export.add_argument("--lang", required=True, metavar="CODE", help="the edition, e.g. fi, ar or lattlast")
    export.add_argument("--output", type=Path, metavar="FILE",
                        help="where to write the file (default: translations-<CODE>.po)")
    imported = steps.add_parser("import", help="write a translated PO file's texts into promises.yaml and "
                                               "content/ui/<CODE>.yaml")
    imported.add_argument("po", type=Path, metavar="FILE", help="the PO file the translator sent back")
    imported.add_argument("--lang", metavar="CODE", help="the edition (default: from the file's Language header)")
    for step in (export, imported):
        step.add_argument("--data", type=Path, metavar="FILE", help="the data file (default: promises.yaml)")
        step.add_argument("--content", type=Path, metavar="DIR",
                          help="the content folder (default: content/ beside the data file)")
        step.add_argument("--today", type=_date, metavar="YYYY-MM-DD",
                          help="the date in the file's header (default: SOURCE_DATE_EPOCH, else today)")

    serve = sub.add_parser("serve", help="build, serve on localhost and rebuild when data or content change")
    serve.add_argument("--data", type=Path, metavar="FILE", help="the data file (default: promises.yaml)")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT", help="where to serve")
    _common(serve)
    return parser


def run() -> None:
    """The `medborgarloften` command."""
    sys.exit(main())


def report(problems: Sequence[Problem], lang: str, fmt: str, stream: TextIO | None = None) -> None:
    formatter = REPORTERS[fmt]
    for problem in problems:
        print(formatter(problem, lang), file=stream or sys.stdout)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "schema":
        text = render_json_schema()
        if args.output is None:
            sys.stdout.write(text)
        else:
            args.output.parent.mkdir(parents=True, exist_ok=True)
            args.output.write_text(text, encoding="utf-8")
        return EXIT_OK
    if args.command == "diff":
        return _diff(args)
    if args.command == "init":
        return _init(args)
    if args.command == "new":
        return _new(args)
    if args.command == "changed-pages":
        return _changed_pages(args)
    if args.command == "translations":
        return _translations(args)
    lang = args.lang or default_lang()
    data = getattr(args, "file", None) or getattr(args, "data", None)
    if data is not None and not data.is_file():
        print(f"error: no such file: {data}", file=sys.stderr)
        return EXIT_USAGE
    if args.content is not None and not args.content.is_dir():
        print(f"error: no such folder: {args.content}", file=sys.stderr)
        return EXIT_USAGE
    project = make_project(data, args.content)
    if data is None and not project.data.is_file():
        print(f"error: no such file: {project.display}", file=sys.stderr)
        return EXIT_USAGE
    as_of = None if args.today else example_day(project)
    today = args.today or as_of or today_from(None)
    if as_of is not None and args.command == "check-site":
        print(summary("example_day", lang, date=as_of.isoformat()), file=sys.stderr)

    if args.command == "validate":
        result, _ui, problems = check_project(project, today)
        if args.translations and result.document is not None:
            report(result.translations, lang, args.format)
            complete = {entry.code for entry in result.document.site.language_entries if entry.complete}
            for coverage in result.coverage:
                print(summary("coverage", lang, code=coverage.code, name=edition(coverage.code).name,
                              present=coverage.present, total=coverage.total))
                if coverage.code not in complete:  # a complete edition's gaps are warnings above
                    report(coverage.missing, lang, args.format)
            return EXIT_INVALID if blocks_build(result.translations, args.strict) else EXIT_OK
        report(problems, lang, args.format)
        if args.verbose and not any(p.severity is Severity.ERROR for p in problems):
            warnings = len(problems)
            code = "no_problems" if not warnings else "one_warning" if warnings == 1 else "only_warnings"
            print(summary(code, lang, file=project.display, count=warnings))
        return EXIT_INVALID if blocks_build(problems, args.strict, args.publish) else EXIT_OK

    if args.command == "build":
        started = time.monotonic()
        try:
            problems = build_site(project, args.site, today, strict=args.strict, cache=not args.no_cache,
                                  url=args.url)
        except BuildFailed as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_INVALID
        report(problems, lang, args.format, sys.stderr)
        if blocks_build(problems, args.strict):
            return EXIT_INVALID
        report(address_notes(project, args.url), lang, args.format, sys.stderr)
        print(built_summary(args.site, time.monotonic() - started, lang))
        if as_of is not None:  # the last line says which day the example shows
            print(summary("example_day", lang, date=as_of.isoformat()), file=sys.stderr)
        return EXIT_OK

    if args.command == "check-site":
        from ..checks import site as sitecheck  # imported late: only this command needs the browser tools

        if not args.no_build:
            try:
                problems = build_site(project, args.site, today, url=args.url)
            except BuildFailed as exc:
                print(f"error: {exc}", file=sys.stderr)
                return EXIT_INVALID
            if blocks_build(problems, False):
                report(problems, lang, args.format, sys.stderr)
                return EXIT_INVALID
            report(address_notes(project, args.url), lang, args.format, sys.stderr)
        return sitecheck.main(args.site.resolve(), args.screenshots, lighthouse=not args.no_lighthouse,
                              browser=not args.no_browser)

    from .serve import serve  # imported late: only serve needs the live-reload server

    return serve(project, args.dev_addr, args.today or as_of, lang)


_LANG_ATTRIBUTE = re.compile(rb"<html[^>]*\slang=\"([^\"]+)\"")


def built_summary(site: Path, seconds: float, lang: str) -> str:
    """`Byggde 39 sidor på 2 språk i site/ på 9,1 s.`: counted in the finished site (every HTML
    page, and the languages their <html lang> names), numbers written as the language writes them."""
    pages = tongues = 0
    seen: set[bytes] = set()
    for page in site.rglob("*.html"):
        pages += 1
        with page.open("rb") as stream:
            match = _LANG_ATTRIBUTE.search(stream.read(2048))
        if match and match.group(1) not in seen:
            seen.add(match.group(1))
            tongues += 1
    locale = edition(lang).locale
    folder = display_path(site.resolve())
    return summary("built", lang, pages=format_decimal(pages, locale=locale),
                   languages=format_decimal(tongues, locale=locale),
                   site=folder if folder.endswith("/") else folder + "/",
                   seconds=format_decimal(round(seconds, 1), format="#,##0.0", locale=locale))


def _diff(args: argparse.Namespace) -> int:
    for path in (args.old, args.new):
        if not path.is_file():
            print(f"error: no such file: {path}", file=sys.stderr)
            return EXIT_USAGE
    if args.content is not None and not args.content.is_dir():
        print(f"error: no such folder: {args.content}", file=sys.stderr)
        return EXIT_USAGE
    # One content folder for both: the base of a pull request is often a lone file.
    content = make_project(args.new, args.content).content
    today = args.today or today_from(None)
    old, new = (validate_file(p.resolve(), content, today, display_path(p.resolve())) for p in (args.old, args.new))
    if old.document is None or new.document is None:
        problems = [format_text(p, args.lang) for r in (old, new) if r.document is None for p in r.problems]
        if args.format == "markdown":  # messages quote the data: escaped, as everything in the summary
            problems = [f"- {md_escape(line)}" for line in problems]
        print("\n".join(problems))
        return EXIT_INVALID
    ui, _ = load_ui(content, tuple(e.code for e in new.document.site.editions))
    lines = describe_changes(old.document, new.document, args.lang, ui.get(args.lang, {}), today)
    sys.stdout.write(format_changes(lines, args.lang, args.format))
    return EXIT_OK


def _init(args: argparse.Namespace) -> int:
    from . import init as skeleton
    lang = args.lang or default_lang()
    root = (args.dir or Path.cwd()).resolve()
    if not root.is_dir():
        print(f"error: no such folder: {args.dir}", file=sys.stderr)
        return EXIT_USAGE
    if not skeleton.name_id(args.name):
        print(f"error: '{args.name}' has no letters to make an id from", file=sys.stderr)
        return EXIT_USAGE
    try:
        official = skeleton.official_name(args.name, args.official_name)
    except skeleton.UnknownMunicipality:
        return _unknown_municipality(args.name, lang)
    data, content = root / "promises.yaml", root / "content"
    example = skeleton.is_example(data, content)
    if not args.force and not example:
        force = "FORCE=1" if _from_make() else "--force"
        print(catalogue.text(lang, "init", "real_data").format(file=display_path(data), force=force), file=sys.stderr)
        return EXIT_USAGE
    # The example's images go; a real site's files stay even with --force (the editors may want them).
    made = skeleton.make_skeleton(args.name, args.today or today_from(None), official,
                                  data if example else None, content if example else None)
    skeleton.write_skeleton(root, made)
    for relative in made.removed:
        print(f"removed {relative}")
    for relative in made.files:
        print(f"wrote {relative}")
    result = validate_file(data, content, args.today or today_from(None), display_path(data))
    report(result.problems, lang, "text")
    return EXIT_INVALID if result.document is None else EXIT_OK


def _from_make() -> bool:
    """Run by `make init` (which sets MEDBORGARLOFTEN_MAKE; not MAKELEVEL, which every command
    under any make has, `make test`'s included): advice names make's variables."""
    return bool(os.environ.get("MEDBORGARLOFTEN_MAKE"))


def _unknown_municipality(name: str, lang: str) -> int:
    """A name not in the table: the closest one when it looks like a typo, and how to give the
    official name of one the table lacks."""
    from ..data.municipalities import close_name

    official = f"{name} kommun"
    option = f'OFFICIAL_NAME="{official}"' if _from_make() else f'--official-name "{official}"'
    suggestion = close_name(name)
    key = "unknown_name_close" if suggestion else "unknown_name"
    print(catalogue.text(lang, "init", key).format(name=name, option=option, suggestion=suggestion),
          file=sys.stderr)
    return EXIT_USAGE


def _new(args: argparse.Namespace) -> int:
    from . import init as skeleton
    from . import new as newsite

    lang = args.lang or default_lang()
    if not skeleton.name_id(args.name):
        print(f"error: '{args.name}' has no letters to make an id from", file=sys.stderr)
        return EXIT_USAGE
    try:
        official = skeleton.official_name(args.name, args.official_name)
    except skeleton.UnknownMunicipality:
        return _unknown_municipality(args.name, lang)
    folder = args.folder or Path(newsite.default_folder(args.name))
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        print(f"error: {folder} already exists and is not empty; give a new folder", file=sys.stderr)
        return EXIT_USAGE
    today = args.today or today_from(None)
    site = newsite.make_site_repository(args.name, today, official)
    newsite.write_site_repository(folder, site)
    for relative in sorted(site.files):
        print(f"wrote {(folder / relative).as_posix()}")
    result = validate_file(folder / "promises.yaml", folder / "content", today, display_path(folder / "promises.yaml"))
    report(result.problems, lang, "text")
    if not site.hashed:
        print(summary("new_no_hash", lang, version=__version__), file=sys.stderr)
    print(summary("new_written", lang, name=args.name, folder=display_path(folder.resolve())))
    return EXIT_INVALID if result.document is None else EXIT_OK


def _translations(args: argparse.Namespace) -> int:
    """`translations export|import`: messages in Swedish (here --lang names the edition, not the
    messages' language)."""
    from . import translations as po

    lang = default_lang()
    for path in (args.data, *((args.po,) if args.step == "import" else ())):
        if path is not None and not path.is_file():
            print(f"error: no such file: {path}", file=sys.stderr)
            return EXIT_USAGE
    project = make_project(args.data, args.content)
    today = args.today or example_day(project) or today_from(None)
    result = validate_file(project.data, project.content, today, project.display)
    if result.document is None:
        report(result.problems, lang, "text", sys.stderr)
        return EXIT_INVALID
    codes = tuple(e.code for e in result.document.site.editions)
    if args.step == "export":
        if args.lang not in codes[1:]:
            print(summary("po_no_such_edition", lang, code=args.lang, codes=", ".join(codes[1:])), file=sys.stderr)
            return EXIT_USAGE
        catalog = po.export_catalog(result, project.data, project.display, project.content, args.lang, today, codes)
        output = args.output or Path(f"translations-{args.lang}.po")
        output.write_bytes(po.write_catalog(catalog))
        print(summary("po_exported", lang, count=len(catalog), code=args.lang, file=display_path(output.resolve())))
        return EXIT_OK
    done = po.import_catalog(args.po, display_path(args.po.resolve()), project.data, project.content, codes, args.lang)
    report(done.problems, lang, "text", sys.stderr)
    if not done.code:  # not a PO file, or not for one of the site's editions: nothing was read
        return EXIT_INVALID
    if done.files:
        after = validate_file(project.data, project.content, today, project.display)
        report(after.errors, lang, "text", sys.stderr)
    print(summary("po_imported", lang, count=done.written, skipped=done.skipped, code=done.code,
                  files=", ".join(display_path(Path(f).resolve()) for f in done.files) or "-"))
    return EXIT_INVALID if done.problems and not done.written else EXIT_OK


def _changed_pages(args: argparse.Namespace) -> int:
    for folder in (args.old_site, args.new_site):
        if not folder.is_dir():
            print(f"error: no such folder: {folder}", file=sys.stderr)
            return EXIT_USAGE
    pages = changed_pages(args.old_site, args.new_site)
    sys.stdout.write(format_pages(pages, args.lang, args.format, args.base_url))
    return EXIT_OK
