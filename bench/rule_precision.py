"""How often each extraction rule is right on the real development reports.

For every rule that produces bodies, places, events or outcomes, the share of its records
that match a gold item (required or optional) with the scorer's own matching
(``../shared/tools/score_extraction.py``). ``kg.extract.records.RULE_CONFIDENCE`` is the
smoothed share ``(matched + 1) / (records + 2)`` (a rule seen a few times is neither 0 nor 1),
rounded to a twentieth. Run from the checkout, with ../shared beside it:

    python bench/rule_precision.py [GOLD_DIR ...]
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CATEGORIES = {"organisations": "body", "places": "place", "events": "event", "outcomes": "outcome"}


def _scorer():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("score_extraction", SHARED / "tools" / "score_extraction.py")
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    from kg.build import extract_file

    sc = _scorer()
    folders = [Path(a) for a in argv] or [SHARED / "corpus" / "real", ROOT / "tests" / "data" / "real"]
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for gold_path in sorted(g for f in folders for g in f.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        _report, ex = extract_file(gold_path.with_name(gold_path.name.replace(".gold.json", ".txt")))
        pred = ex.to_json()
        aliases = gold.get("aliases") or {}
        for cat in CATEGORIES:
            same = sc.match_fn(cat)
            items = [sc.with_aliases(x, aliases) for x in (gold.get(cat) or [])]
            items += [sc.with_aliases(x, aliases) for x in (gold.get(f"{cat}_optional") or [])]
            if cat == "events":
                items = [{"name": x} if isinstance(x, str) else x for x in items]
            for p in pred.get(cat, []):
                total[p["rule"]] += 1
                right[p["rule"]] += any(same(g, p) for g in items)
    print("| rule | records | matched | precision | confidence |")
    print("|---|---:|---:|---:|---:|")
    for rule in sorted(total):
        prec = right[rule] / total[rule]
        smoothed = (right[rule] + 1) / (total[rule] + 2)
        print(f"| {rule} | {total[rule]} | {right[rule]} | {prec:.3f} | {max(0.05, round(smoothed * 20) / 20):.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
