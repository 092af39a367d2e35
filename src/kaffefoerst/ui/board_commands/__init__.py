"""What the board's keys do, one command class per key (braindrop's "commands as classes").

The key itself, its words and where the footer shows it are in `ui/keys.py` (one table for the
bindings, footer, help and palette); `registry.COMMANDS` maps each key's action to its command.
The board screen keeps drawing and cursor movement and dispatches a key to its command.
"""
