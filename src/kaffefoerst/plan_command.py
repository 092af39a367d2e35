"""kaffefoerst plan generate|load: the days ahead from the base plan, and a changed base plan.

`plan generate --days 14` makes the missing days (what the day's first open of the board does);
`plan load grundplan.csv` stores a changed base plan and says which generated visits changed,
which went, and which the team had touched and so were kept.
"""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime
from pathlib import Path

from kaffefoerst.domain.base_plan import DEFAULT_DAYS
from kaffefoerst.domain.errors import DomainError
from kaffefoerst.locale import t
from kaffefoerst.visible import visible

SHOWN = 30  # visits named per line; the rest are counted


def add_parser(sub: argparse._SubParsersAction, options) -> None:  # type: ignore[type-arg]  # noqa: ANN001
    plan = sub.add_parser("plan", help="base plan (grundplan): generate the days ahead, load one")
    options(plan, argparse.SUPPRESS)
    verbs = plan.add_subparsers(dest="verb")
    generate = verbs.add_parser("generate", help="make the missing days ahead from the base plan")
    options(generate, argparse.SUPPRESS)
    generate.add_argument("--days", type=int, default=DEFAULT_DAYS, help="days ahead (14)")
    load = verbs.add_parser("load", help="store a changed base plan (grundplan.csv)")
    options(load, argparse.SUPPRESS)
    load.add_argument("file", type=Path)
    load.add_argument("--days", type=int, default=DEFAULT_DAYS, help="days ahead (14)")


def run(args: argparse.Namespace, today: date, actor: str) -> int:
    """Returns the exit code; refusals are DomainErrors for the CLI's one catch."""
    from kaffefoerst.config import resolve_db_path
    from kaffefoerst.store import Store
    from kaffefoerst.store.base_plan import generate_days, has_base_plan

    now = datetime.now(UTC)
    if getattr(args, "verb", None) not in ("generate", "load"):
        raise DomainError("plan_cli.no_verb")
    store = Store.open_sqlite(resolve_db_path(args.db))
    try:
        with store.session() as session:
            if args.verb == "generate":
                if not has_base_plan(session):
                    print(visible(t("base_plan.no_plan")))
                    return 0
                made = generate_days(session, today, args.days, now=now, actor=actor)
                _print_generated(made, today, args.days)
                return 0
            from kaffefoerst.io.base_plan_csv import read_base_plan
            from kaffefoerst.store.base_plan_change import apply_base_plan, citizen_names

            entries = read_base_plan(args.file)
            change = apply_base_plan(
                session, entries, today=today, now=now, actor=actor, days=args.days
            )
            names = citizen_names(session)
            _print_change(change, names)
            if change.generated is not None:
                _print_generated(change.generated, today, args.days)
            return 0
    finally:
        store.close()


def _print_generated(made: object, today: date, days: int) -> None:
    from datetime import timedelta

    last = today + timedelta(days=days - 1)
    if made.visits:  # type: ignore[attr-defined]
        text = t(
            "base_plan.generated",
            visits=made.visits,  # type: ignore[attr-defined]
            days=len(made.days),  # type: ignore[attr-defined]
            first=made.days[0].isoformat(),  # type: ignore[attr-defined]
            last=made.days[-1].isoformat(),  # type: ignore[attr-defined]
        )
    else:
        text = t("base_plan.nothing", first=today.isoformat(), last=last.isoformat())
    print(visible(text))
    if made.skipped_days:  # type: ignore[attr-defined]
        days_text = ", ".join(d.isoformat() for d in made.skipped_days)  # type: ignore[attr-defined]
        print(visible(t("base_plan.skipped", days=days_text)))


def _print_change(change: object, names: dict[int, str]) -> None:
    c = change
    print(
        visible(
            t(
                "base_plan.applied",
                added=len(c.added),  # type: ignore[attr-defined]
                changed=len(c.changed),  # type: ignore[attr-defined]
                ended=len(c.ended),  # type: ignore[attr-defined]
            )
        )
    )
    for key in ("updated", "removed", "kept"):
        refs = getattr(c, key)
        if not refs:
            continue
        items = [
            t(
                "base_plan.item",
                day=r.day.isoformat(),
                start=f"{r.start_min // 60:02d}:{r.start_min % 60:02d}",
                citizen=names.get(r.citizen_id, "?"),
            )
            for r in refs[:SHOWN]
        ]
        if len(refs) > SHOWN:
            items.append(t("base_plan.more", n=len(refs) - SHOWN))
        print(visible(t(f"base_plan.{key}", items="; ".join(items))))
