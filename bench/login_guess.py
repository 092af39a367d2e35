"""PIN guessing against a real `kaffefoerst serve`: three browser clients in parallel, 60 s.

The sample team is loaded into a temporary database, MH gets a random 6-digit PIN, and the
board is served behind PINs on a free port. Each client opens a tab's WebSocket (with the
server's own Origin, as its page would), types MH and then PIN after PIN, each after the
previous answer arrived; a tab closed by the server is reopened at once. Afterwards the
database says how many guesses were checked (tries stored as WRONG: each one ran scrypt),
how many were refused unchecked (LOCKED), and what the audit holds.

Acceptance (issue 10): at most 5 wrong guesses per initials checked; the lock and every try
in the audit. Before issue 10: 3.4 guesses a second, every 4-digit PIN in about 49 minutes.

    python bench/login_guess.py [--clients 3] [--seconds 60]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import aiohttp

from kaffefoerst.io.pins import set_pin
from kaffefoerst.io.sample import load_sample
from kaffefoerst.store import Store

SENT: list[int] = []  # one entry per guess typed, by any client


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def until(ws: aiohttp.ClientWebSocketResponse, words: tuple[bytes, ...]) -> bool:
    """Read the tab's output until one of ``words`` arrives; False when the tab closed."""
    seen = b""
    while True:
        message = await ws.receive()
        if message.type != aiohttp.WSMsgType.BINARY:
            if message.type == aiohttp.WSMsgType.TEXT:
                continue
            return False
        seen += message.data
        if any(word in seen for word in words):
            return True
        seen = seen[-200:]  # enough to find a word split between two messages


async def client(url: str, deadline: float, guesses: itertools.count, sent: list[int]) -> None:
    ws_url = url.replace("http", "ws", 1) + "/ws?width=120&height=40"
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            async with session.ws_connect(ws_url, headers={"Origin": url}) as ws:
                if not await until(ws, (b"log ind",)):
                    continue
                await asyncio.sleep(0.3)  # the first paint comes before the field has focus
                await ws.send_json(["stdin", "MH\r"])
                await asyncio.sleep(0.3)  # Enter moves the focus to the PIN on the next tick
                while time.monotonic() < deadline:
                    await ws.send_json(["stdin", f"{next(guesses):06d}\r"])
                    sent.append(1)
                    try:
                        async with asyncio.timeout(10):
                            answer = await until(ws, ("forsøg".encode(), "spærret".encode()))
                    except TimeoutError:
                        answer = False
                    if not answer:
                        break  # five tries in this tab: the server closed it


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="kaffefoerst-guess-"))
    db, pins = folder / "team.db", folder / "pins.json"
    store = Store.open_sqlite(db)
    load_sample(store, date.today())
    store.close()
    right = f"{secrets.randbelow(900000) + 100000:06d}"
    set_pin(pins, "MH", right)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "kaffefoerst", "--db", str(db), "serve", "--port", str(port)]
        + ["--pin-file", str(pins)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        guesses = (n for n in itertools.count() if f"{n:06d}" != right)
        deadline = time.monotonic() + args.seconds

        async def run() -> None:
            await asyncio.gather(
                *(client(url, deadline, guesses, SENT) for _ in range(args.clients))  # type: ignore[arg-type]
            )

        asyncio.run(run())
    finally:
        server.terminate()
        server.wait(timeout=30)
    try:
        return report(db, args)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def report(db: Path, args: argparse.Namespace) -> int:
    with sqlite3.connect(db) as conn:
        outcomes = dict(
            conn.execute(
                "SELECT outcome, count(*) FROM loginattempt WHERE initials = 'MH' GROUP BY 1"
            )
        )
        actions = dict(
            conn.execute(
                "SELECT action, count(*) FROM auditevent WHERE entity = 'login' GROUP BY 1"
            )
        )
        locks = conn.execute("SELECT kind, value, since, until FROM loginlock").fetchall()
    print(f"{args.clients} clients, {args.seconds:.0f} s: {len(SENT)} guesses typed")
    print(f"checked (scrypt ran, stored WRONG): {outcomes.get('WRONG', 0)}")
    print(f"refused unchecked while locked (LOCKED): {outcomes.get('LOCKED', 0)}")
    print(f"audit: {actions}")
    print(f"locks: {locks}")
    return 0 if outcomes.get("WRONG", 0) <= 5 else 1


if __name__ == "__main__":
    sys.exit(main())
