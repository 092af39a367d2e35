"""'/' Find: a carer by initials or name, a citizen by name or address; enter jumps there."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from kaffefoerst.domain.plan import DayPlan
from kaffefoerst.locale import t
from kaffefoerst.ui.widgets.plain import Plain
from kaffefoerst.ui.widgets.visit_panel import hhmm

Found = tuple[str, int]  # ("carer" | "citizen", id)


def matches(plan: DayPlan, query: str) -> list[tuple[Found, str]]:
    """Carers on duty, then citizens with a visit on the board; exact initials first."""
    q = query.strip().casefold()
    carers = []
    for c in plan.on_duty:
        if not q or q in c.initials.casefold() or q in c.name.casefold():
            label = f"{c.initials:<4}{c.name} · {c.profession}"
            carers.append((c.initials.casefold() != q, (("carer", c.id), label)))
    first: dict[int, int] = {}
    for v in plan.visits.values():
        first[v.citizen_id] = min(first.get(v.citizen_id, v.start_min), v.start_min)
    citizens = []
    for cid in sorted(first, key=lambda i: plan.citizens[i].name):
        c = plan.citizens[cid]
        if not q or any(q in x.casefold() for x in (c.name, c.short_name, c.address)):
            label = f"{c.name} · {c.address} · {hhmm(first[cid])}"
            citizens.append((("citizen", cid), label))
    carers.sort(key=lambda item: item[0])
    return [item for _, item in carers] + citizens


class FindScreen(ModalScreen[Found | None]):
    DEFAULT_CSS = """
    FindScreen { align: center middle; }
    FindScreen > Vertical {
        width: 90; max-width: 98%; height: 80%; border: thick $primary; background: $surface;
    }
    FindScreen OptionList { height: 1fr; }
    """

    def __init__(self, plan: DayPlan) -> None:
        super().__init__()
        self.plan = plan
        self._bindings.bind("escape", "close", t("key.cancel"))
        self._bindings.bind("down", "to_list", show=False)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Plain(t("find.title"), classes="title")
            yield Input(placeholder=t("find.placeholder"), id="query")
            yield OptionList(*self._options(""), id="found")

    def _options(self, query: str) -> list[Option]:
        found = matches(self.plan, query)
        # Text, not a str: a name or a query holding '[' is data, never markup.
        if not found:
            return [Option(Text(t("find.none", query=query)), disabled=True)]
        return [Option(Text(label), id=f"{kind}:{i}") for (kind, i), label in found]

    def on_input_changed(self, event: Input.Changed) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options(event.value))
        options.highlighted = 0

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        options = self.query_one(OptionList)
        index = options.highlighted if options.highlighted is not None else 0
        if options.option_count:
            self._choose(options.get_option_at_index(index))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option)

    def _choose(self, option: Option) -> None:
        if option.disabled or not option.id:
            return
        kind, _, number = option.id.partition(":")
        self.dismiss((kind, int(number)))

    def action_to_list(self) -> None:
        self.query_one(OptionList).focus()

    def action_close(self) -> None:
        self.dismiss(None)
