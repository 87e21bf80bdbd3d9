"""`newsgen serve`: the public tree over HTTP for feed readers (newsgen.publish.serve)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from newsgen.cli.options import CONTEXT_SETTINGS, InputError, reports_errors


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option("--output", "-o", type=click.Path(file_okay=False, exists=True, path_type=Path),
              default=Path("output"), show_default=True,
              help="The folder `newsgen build` wrote (its public/ tree is served).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default is this machine only.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on; 0 picks a free one.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Also answer requests for this host name (repeatable); localhost and the "
                   "host of the build's --base-url always work.")
@reports_errors
def serve(output, host, port, allow_hosts):
    """Serve the public tree of OUTPUT over HTTP so feed readers can subscribe.

    Only what editors released is served (OUTPUT/public): no draft, no
    review database, no folder listings. Prints the address it listens on;
    stop it with Ctrl-C. Build with the same --base-url as this address so
    links in feeds work.

    \b
    Example:
      newsgen serve --port 8000   # then subscribe to http://127.0.0.1:8000/feeds/all.xml
    """
    from newsgen.publish.serve import make_server

    try:
        server = make_server(output, host, port, allow_hosts)
    except OSError as exc:
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    bound_host, bound_port = server.server_address[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    click.echo(f"serving {output} at http://{shown}:{bound_port}/ (Ctrl-C to stop)")
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
