"""The service catalogue (ydelser) of the generated data: the sample team
(sample_data/make_sample.py) and the benchmark municipality (bench/scale_data.py) both use
this one list, so a change to what a service needs reaches both."""

from __future__ import annotations

# Personal care: care staff, or a therapist holding the competence (issue 14; no one does here).
CARE = "SSH,SSA,SPL,personlig pleje"
NURSING = "insulin,sår,medicin,kateter,kompression"
# id, code, name, law, professions (empty: anyone), competence
SERVICES = [
    (1, "PP-M", "Personlig pleje, morgen", "SEL §83", CARE, ""),
    (2, "PP-D", "Personlig pleje, middag", "SEL §83", CARE, ""),
    (3, "BAD", "Bad", "SEL §83", CARE, ""),
    (4, "TOI", "Toiletbesøg", "SEL §83", CARE, ""),
    (5, "MAD", "Tilberedning af måltid", "SEL §83", "", ""),
    (6, "REN", "Praktisk hjælp, rengøring", "SEL §83", "", ""),
    (7, "IND", "Indkøb", "SEL §83", "", ""),
    (8, "TRY", "Tryghedsbesøg", "SEL §83", "", ""),
    (9, "MED", "Medicingivning", "SUL §138", "SSA,SPL", "medicin"),
    (10, "DOS", "Medicindispensering", "SUL §138", "SPL", "medicin"),
    (11, "INS", "Insulin", "SUL §138", "SSA,SPL", "insulin"),
    (12, "SÅR", "Sårpleje", "SUL §138", "SSA,SPL", "sår"),
    (13, "KAT", "Kateterpleje", "SUL §138", "SPL", "kateter"),
    (14, "KOMP", "Kompressionsstrømper", "SUL §138", "", "kompression"),
    (15, "TRÆN", "Genoptræning", "SEL §83a", "ERGO,FYS", ""),
    (16, "REH", "Hverdagsrehabilitering", "SEL §83a", "ERGO,FYS,SSA", ""),
    (17, "PP-A", "Personlig pleje, aften", "SEL §83", CARE, ""),  # the evening shift's round
]
# Nursing under the health act that only trained staff give (compression stockings: anyone).
NURSING_CODES = frozenset(s[1] for s in SERVICES if s[3] == "SUL §138" and s[1] != "KOMP")
