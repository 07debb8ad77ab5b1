"""The ``portal`` command: init, seed, serve, demo.

Every failure a user can cause (bad argument, missing or corrupt file, busy port) ends in one
line on stderr and a non-zero exit, never a traceback.
"""

import argparse
import asyncio
import os
import socket
import sys
import time

from . import __version__
from .settings import DEFAULTS, make_settings
from .store import Store, StoreError


class CliError(Exception):
    pass


class CliFailure(Exception):
    """The command ran and has already said what failed; exit 1 without another message."""


def _port(value):
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError("端口必须是数字: %r" % value) from None
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError("端口必须在 1-65535 之间: %d" % port)
    return port


def _seed(value):
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError("--seed 必须是整数: %r" % value) from None


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        # One line, no usage dump: the user asked for help with --help if they want it.
        self.exit(2, "%s: error: %s (see %s --help)\n" % (self.prog, message, self.prog))


def build_parser():
    parser = _Parser(
        prog="portal", description="Village-governance TV portal (旺乡村): points, lists, "
        "notices on cable set-top boxes.")
    parser.add_argument("--version", action="version", version="portal " + __version__)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    init = commands.add_parser("init", help="create or migrate the database schema",
                               description="Create the SQLite file if needed and apply any "
                               "pending schema migrations.")
    init.add_argument("--db", required=True, help="SQLite file")

    seed = commands.add_parser("seed", help="fill an empty database with a demo county",
                               description="Generate a deterministic county modelled on 旺苍县 "
                               "into an empty database (created if missing).")
    seed.add_argument("--db", required=True, help="SQLite file")
    seed.add_argument("--scale", choices=("demo", "county"), default="demo",
                      help="demo: about 12 villages; county: 220 villages, 72,390 households")
    seed.add_argument("--seed", type=_seed, default=1, help="random seed (default 1)")

    serve = commands.add_parser("serve", help="serve the TV portal",
                                description="Serve the TV pages from an initialised database.")
    serve.add_argument("--db", required=True, help="SQLite file")
    serve.add_argument("--host", default=DEFAULTS["host"], help="listen address (default %(default)s)")
    serve.add_argument("--port", type=_port, default=DEFAULTS["port"],
                       help="TCP port (default %(default)s)")

    demo = commands.add_parser("demo", help="seed a demo county if needed, then serve it",
                               description="Seed a fresh demo county when the file is missing, "
                               "then serve it and print the URLs.")
    demo.add_argument("--db", default="demo.db", help="SQLite file (default %(default)s)")
    demo.add_argument("--host", default=DEFAULTS["host"], help="listen address (default %(default)s)")
    demo.add_argument("--port", type=_port, default=DEFAULTS["port"],
                      help="TCP port (default %(default)s)")
    demo.add_argument("--scale", choices=("demo", "county"), default="demo",
                      help="size of the county to seed when the file is missing")
    check = commands.add_parser(
        "check-nav", help="walk every TV screen with the remote and report what fails",
        description="Walk every TV screen from home with the headless box, as a resident with "
        "only a remote would, and report screens with no initial focus, items no arrow reaches, "
        "focus traps, BACK that does not return, items outside the safe area and screens with "
        "too many items. Exit 1 when anything fails.")
    where = check.add_mutually_exclusive_group(required=True)
    where.add_argument("--url", help="a running portal, e.g. http://127.0.0.1:8080")
    where.add_argument("--db", help="a database: the portal is started in this process")
    check.add_argument("--box", default="STB00000001",
                       help="box id of the household watching (default %(default)s)")
    check.add_argument("--start", default="/tv/", help="first screen (default %(default)s)")
    check.add_argument("--per-shape", type=_positive, default=3,
                       help="screens walked per shape, e.g. per ranking page (default %(default)s)")
    check.add_argument("--max-pages", type=_positive, default=300,
                       help="stop after this many screens (default %(default)s)")
    return parser


def _positive(value):
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError("必须是正整数: %r" % value)
    return number


def cmd_check_nav(args):
    from .checknav import NavChecker, portal_in_thread

    def walk(base_url):
        checker = NavChecker(base_url, box_id=args.box, start=args.start,
                             per_shape=args.per_shape, max_pages=args.max_pages)
        try:
            return checker.run()
        except OSError as exc:
            raise CliError("无法连接 %s: %s" % (base_url, exc)) from None

    started = time.perf_counter()
    if args.url:
        if not args.url.startswith(("http://", "https://")):
            raise CliError("--url 必须以 http:// 或 https:// 开头: %s" % args.url)
        report = walk(args.url)
    else:
        Store.open(args.db).close()  # a missing or corrupt file: one line, before any thread
        with portal_in_thread(args.db) as base_url:
            report = walk(base_url)
    print(report.render())
    print("(%.1f s)" % (time.perf_counter() - started))
    if not report.ok:
        raise CliFailure()


def cmd_init(args):
    store = Store.open(args.db, create=True)
    counts = store.table_counts()
    store.close()
    print("数据库已就绪: %s (%d 户)" % (args.db, counts["households"]))


def cmd_seed(args):
    from .demo.generator import generate

    if os.path.exists(args.db):
        existing = Store.open(args.db, create=True)
        empty = existing.is_empty()
        existing.close()
        if not empty:
            raise CliError("数据库里已经有数据: %s (换一个新文件名)" % args.db)
    started = time.perf_counter()
    with Store.building(args.db) as store:
        summary = generate(store, args.scale, args.seed)
    print("已生成 %s: %d 个镇, %d 个村, %d 户 (%.1f 秒)" % (
        args.db, summary["towns"], summary["villages"], summary["households"],
        time.perf_counter() - started))


def cmd_serve(args):
    store = Store.open(args.db)
    if store.is_empty():
        raise CliError("数据库里还没有数据: %s (先运行 portal seed --db %s)" % (args.db, args.db))
    _serve(store, args)


def cmd_demo(args):
    if not os.path.exists(args.db):
        args.seed = 1
        cmd_seed(args)
    cmd_serve(args)


def _serve(store, args):
    from .app import make_app

    settings = make_settings(db=args.db, host=args.host, port=args.port)
    app = make_app(settings, store=store)

    async def run():
        try:
            server = app.listen(args.port, address=args.host, xheaders=True)
        except OSError as exc:
            raise CliError("无法监听 %s:%d: %s" % (args.host, args.port, exc.strerror)) from None
        shown = "127.0.0.1" if args.host in ("0.0.0.0", "::", "") else args.host
        base = "http://%s:%d" % (shown, args.port)
        print("旺乡村 TV portal serving %s" % args.db)
        print("  TV home:      %s/tv/?stb=STB00000001" % base)
        print("  health:       %s/healthz" % base)
        if args.host in ("0.0.0.0", "::", ""):
            print("  on the network: http://%s:%d/tv/?stb=<box id>" % (socket.gethostname(),
                                                                     args.port))
        print("Press Ctrl+C to stop.", flush=True)
        try:
            await asyncio.Event().wait()
        finally:
            server.stop()

    try:
        asyncio.run(run())
    except KeyboardInterrupt:
        print("stopped")


COMMANDS = {"init": cmd_init, "seed": cmd_seed, "serve": cmd_serve, "demo": cmd_demo,
            "check-nav": cmd_check_nav}


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    try:
        COMMANDS[args.command](args)
    except (CliError, StoreError) as exc:
        print("portal %s: %s" % (args.command, exc), file=sys.stderr)
        return 1
    except CliFailure:
        return 1
    except KeyboardInterrupt:
        return 130
    return 0
