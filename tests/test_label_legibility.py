"""Issue 13's acceptance: on the sample day most visits show whom they are with, read off the
drawn board (bench/label_legibility.py prints the table for every size)."""

from __future__ import annotations

from bench.label_legibility import measure_all, shows, wanted


def test_the_count_reads_names_not_titles() -> None:
    assert wanted("Fru Lund") == "Lund"
    assert wanted("Ellen K.") == "Elle"
    assert shows(["Fru  Hr.  Lun"], "Lund") == 0
    assert shows(["!Lund fru  Lundgaard"], "Lund") == 2


def test_most_visits_show_the_citizens_name_on_a_big_screen_and_a_laptop() -> None:
    big, laptop = measure_all(((200, 50), (120, 40)))
    assert big.visits == laptop.visits > 150
    assert big.share >= 0.85
    assert laptop.share >= 0.60
