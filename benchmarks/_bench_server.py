"""The portal for benchmarks: ``portal.app.make_app`` on 127.0.0.1 with a chosen static path.

    python benchmarks/_bench_server.py --db county.db --static DIR --port 8123

Same application as ``portal serve`` (debug off, the real clock), except that ``static_path``
points at DIR, a copy of assets/ to which the benchmark adds same-size static pages. Runs until
it gets SIGTERM or SIGINT.
"""

import argparse
import asyncio
import signal
import sys

from portal.app import make_app
from portal.settings import make_settings
from portal.store import Store


def main(argv=None):
    parser = argparse.ArgumentParser(description="Serve the portal for a benchmark.")
    parser.add_argument("--db", required=True, help="seeded SQLite file")
    parser.add_argument("--static", required=True, help="directory served at /assets/")
    parser.add_argument("--port", type=int, required=True, help="TCP port on 127.0.0.1")
    args = parser.parse_args(argv)

    settings = make_settings(db=args.db, host="127.0.0.1", port=args.port,
                             static_path=args.static, debug=False)
    store = Store.open(args.db)
    app = make_app(settings, store=store)

    async def run():
        server = app.listen(args.port, address="127.0.0.1", xheaders=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        print("listening on 127.0.0.1:%d" % args.port, flush=True)
        await stop.wait()
        server.stop()

    asyncio.run(run())
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
