"""Rules of the trade over a Session: plan, warnings, moves, undo. Never imports Textual."""
