"""The child process of ``bench/cover.py --compare``: one source tree showing its proposals.

Started by bench/compare_trees.py with the tree's src/ and bench/ on PYTHONPATH, so ``cover``
below is that tree's own bench/cover.py (a tree from before --compare has one too, with the
same three functions), and its database code is the tree's.

    python -P bench/cover_child.py FOLDER
"""

from __future__ import annotations

import sys
from pathlib import Path

import compare_trees  # bench/compare_trees.py
import cover  # the tree's bench/cover.py


def main() -> None:
    folder = Path(sys.argv[1])
    stores = {"sample team": cover.sample_store(folder), "Vojens scale": cover.vojens_store(folder)}
    sizes = {}
    for label, store in stores.items():  # also the warm-up: imports, statement caches
        plan, lines, _split = cover.show_proposal(store, cover.TODAY)
        sizes[label] = f"{len(plan.visits)} visits in the plan, {len(lines)} proposal lines"
    try:
        compare_trees.serve(
            {k: (lambda s=s: cover.show_proposal(s, cover.TODAY)) for k, s in stores.items()},
            {"sizes": sizes},
        )
    finally:
        for store in stores.values():
            store.close()


if __name__ == "__main__":
    main()
