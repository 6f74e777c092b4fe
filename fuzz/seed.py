#!/usr/bin/env python3
"""Writes the fuzz corpora's seeds (fuzz/corpus/<target>/, not kept in git) from the
repository: its rubrics and samples (cut to small pieces), the harness's own rubrics,
the rubric unit tests' inline YAML, and hand-made CSV cases of every kind of row.

A csv_score (and csv_utf16) input is one byte picking the harness's rubric (0 mini, 1 weighted,
2 flag, 3 retail-visit, 4 phone-call) followed by the CSV file's bytes."""
import pathlib, re

fuzz = pathlib.Path(__file__).resolve().parent
root = fuzz.parent
csv_dir = fuzz / "corpus" / "csv_score"
yaml_dir = fuzz / "corpus" / "rubric_yaml"
utf16_dir = fuzz / "corpus" / "csv_utf16"
utf16_dir.mkdir(parents=True, exist_ok=True)
csv_dir.mkdir(parents=True, exist_ok=True)
yaml_dir.mkdir(parents=True, exist_ok=True)

def put(d, name, data):
    data = data if isinstance(data, bytes) else data.encode()
    (d / name).write_bytes(data)
    if d == csv_dir:  # csv_utf16 reads the same inputs
        (utf16_dir / name).write_bytes(data)

# --- rubrics -------------------------------------------------------------------------
for p in sorted((root / "rubrics").glob("*.yaml")):
    put(yaml_dir, p.stem, p.read_bytes())
harness = (fuzz / "src" / "harness.rs").read_text()
for i, m in enumerate(re.finditer(r'r#"(.*?)"#', harness, re.S)):
    put(yaml_dir, f"harness-{i}", m.group(1))
def unescape(s):
    return s.encode().decode("unicode_escape").encode("latin-1").decode("utf-8", "replace")
n = 0
for src in ["src/rubric/tests.rs", "src/score/tests.rs", "src/run.rs"]:
    text = (root / src).read_text()
    for m in re.finditer(r'"((?:[^"\\]|\\.)*name:(?:[^"\\]|\\.)*)"', text, re.S):
        put(yaml_dir, f"test-{n}", unescape(m.group(1)))
        n += 1
# The README's rubrics and those of the pages it links to (docs/*.md).
for doc in [root / "README.md"] + sorted((root / "docs").glob("*.md")):
    for i, m in enumerate(re.finditer(r"```yaml\n(.*?)```", doc.read_text(), re.S)):
        put(yaml_dir, f"{doc.stem.lower()}-{i}", m.group(1))

# --- CSV -----------------------------------------------------------------------------
for p in sorted((root / "samples").glob("*.csv")):
    pick = b"\x04" if p.name.startswith("phone") else b"\x03"
    lines = p.read_bytes().splitlines(keepends=True)
    head = lines[0]
    for start in range(1, min(len(lines), 41), 8):
        put(csv_dir, f"{p.stem}-{start}", pick + head + b"".join(lines[start:start + 4]))

MINI_HEAD = "visit_id,location,date,region,shopper,channel,time,greeted,talked_over,tone,name_use,extras,extras_comment,wait,gesture,gesture_comment\n"
mini_rows = [
    "V1,Cafe Nord,2026-10-01,North,S1,in-store,10:00,yes,no,5,Naturally,Gift wrap;Loyalty card,,12,yes,\n",
    "V2,Café Nord,2026-10-02,North,S1,in-store,10:10,n,Y,3,once,None,\"said \"\"hi\"\"\",45,no,forgot\n",
    "V3,Depot,2026-09-30,South,S2,phone,23:59,N/A,n/a,-,NEVER,gift wrap; none,\"two\nlines\",120,NA,\n",
    ",Depot,2026-10-03,South,S2,phone,,yes,no,1,Once,,,0,yes,\n",
    "V5,Depot,2026-13-40,South,S2\n",
    "V1,Depot,2026-10-01,South,S3,web,25:00,maybe,yes,2.5,Sometimes,Wrap,,-5,,\n",
    "V7,\"Quoted, Store\",1/10/2026,,,,,TRUE,FALSE,4,naturally,Loyalty card,,1e3,1,\n",
]
put(csv_dir, "mini", "\x00" + MINI_HEAD + "".join(mini_rows))
put(csv_dir, "flag", "\x02" + MINI_HEAD + "".join(mini_rows))
put(csv_dir, "mini-crlf", "\x00" + (MINI_HEAD + "".join(mini_rows)).replace("\n", "\r\n"))
put(csv_dir, "mini-semicolon", "\x00" + (MINI_HEAD + "".join(mini_rows[:2])).replace(",", ";"))
put(csv_dir, "mini-tab", "\x00" + (MINI_HEAD + "".join(mini_rows[:2])).replace(",", "\t"))
put(csv_dir, "mini-bom", b"\x00\xef\xbb\xbf" + (MINI_HEAD + mini_rows[0]).encode())
put(csv_dir, "mini-utf16le", b"\x00\xff\xfe" + (MINI_HEAD + "".join(mini_rows[:3])).encode("utf-16-le"))
put(csv_dir, "mini-utf16be", b"\x00\xfe\xff" + (MINI_HEAD + mini_rows[1]).encode("utf-16-be"))
put(csv_dir, "mini-1252", b"\x00" + (MINI_HEAD + "".join(mini_rows[:2])).encode("cp1252"))
put(csv_dir, "mini-stray", b"\x00" + (MINI_HEAD + mini_rows[0]).encode() + b"V9,Caf\xe9,2026-10-04,N,S,c,,y,n,5,Once,None,,1,y,\n")
put(csv_dir, "mini-unclosed", "\x00" + MINI_HEAD + mini_rows[0] + "V8,\"Open quote,2026-10-01,N,S,c,,y,n,5,Once,None,,1,y,\n" + mini_rows[1])
put(csv_dir, "mini-noeol", "\x00" + MINI_HEAD + mini_rows[0].rstrip("\n"))
put(csv_dir, "mini-header-only", "\x00" + MINI_HEAD)
put(csv_dir, "mini-blank-lines", "\x00" + MINI_HEAD + "\n\n" + mini_rows[0] + "\n")
put(csv_dir, "empty", "\x00")

W_HEAD = "Visit ID,Store,Visit date,Region,Shopper,Channel,Visit time,Q1 Greeted,Q2 Rating,Q3 Extra,Q4 Outcome,Q5 Offers,Q5 Comment,Q6 Rings\n"
w_rows = [
    "W1,Leeds,01/10/2026,North,S1,in-store,09:00,yes,10,yes,Fixed,Wrap;Card;Demo,,2\n",
    "W2,Leeds,02/10/2026,North,S1,in-store,09:20,no,0,no,Not fixed,,,9\n",
    "W3,York,31/09/2026,North,S2,phone,,yes,4.5,N/A,fixed after a wait,card,\"ok\",3\n",
    "W4,York,2026-10-01,North,S2,phone,,N/A,7.25,y,Fixed,Demo; Demo,,4.0\n",
]
put(csv_dir, "weighted", "\x01" + W_HEAD + "".join(w_rows))
