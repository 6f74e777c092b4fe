"""Writes samples/chain-levels.csv (byte-identical every time): a chain's two months of
visits, 15 stores in 6 areas in 3 regions, scored by rubrics/chain-visit.yaml. Leeds
Kirkgate moves from Leeds area to York area after its first October visit.
Run from the repository root:  python3 samples/chain-levels.py"""

CHART = [
    ("North", "Leeds area", ["Leeds Briggate", "Leeds Kirkgate", "Headingley"]),
    ("North", "York area", ["York Coney St", "Harrogate"]),
    ("Midlands", "Derby area", ["Derby Cornmarket", "Burton"]),
    ("Midlands", "Nottingham area", ["Nottingham Victoria", "Loughborough", "Mansfield"]),
    ("South", "Bristol area", ["Bristol Cabot Circus", "Bath"]),
    ("South", "Reading area", ["Reading Broad St", "Oxford", "Swindon"]),
]
# (Q1 Greeted, Q2 Helpful 1-5, Q3 Thanked), taken in turn.
ANSWERS = [
    ("yes", 5, "yes"), ("yes", 3, "yes"), ("no", 5, "yes"), ("yes", 1, "yes"),
    ("yes", 4, "no"), ("yes", 5, "yes"), ("no", 3, "yes"), ("yes", 2, "yes"),
    ("yes", 5, "yes"), ("yes", 4, "yes"), ("no", 4, "yes"),
]

rows = []
for month in ("2026-09", "2026-10"):
    for region, area, stores in CHART:
        for store in stores:
            for day in (6, 13, 20):
                n = len(rows) + 1
                moved = store == "Leeds Kirkgate" and month == "2026-10" and day > 6
                greeted, helpful, thanked = ANSWERS[(n * 3 + len(store)) % len(ANSWERS)]
                rows.append(
                    f"C{n:03d},{month}-{day:02d},{region},{'York area' if moved else area},{store},"
                    f"S{n % 5 + 1:02d},{greeted},{helpful},{thanked}"
                )
header = "Visit ID,Date,Region,Area,Store,Shopper,Q1 Greeted,Q2 Helpful,Q3 Thanked"
with open("samples/chain-levels.csv", "w", newline="\n") as f:
    f.write(header + "\n" + "\n".join(rows) + "\n")
