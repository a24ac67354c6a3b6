"""Export speed and memory: sorted N-Quads against TriG and Turtle (Oxigraph's serialiser).

    python bench/bench_export.py [--docs 600] [--work DIR] [--out bench/results/export.md]

Builds ``--docs`` generated reports (``generate_corpus.py --seed 1``) with ``--jobs 2``, then
times ``povkg export --format nq|trig|ttl`` to a file (each in a fresh process; peak RSS of
that process) and checks that the three parse to the same triples. The target: TriG and
Turtle take at most three times the N-Quads time.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import generate, povkg, sh  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=600)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "povkg-bench-export")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "export.md")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    corpus = generate(args.docs, args.work / f"corpus-{args.docs}")
    store = args.work / f"store-{args.docs}"
    if not store.exists():
        sh(*povkg("build", str(corpus), "--store", str(store), "--jobs", "2", "--no-viewer", "--no-validate"))
    import pyoxigraph as ox

    rows = []
    triples: dict[str, set[ox.Triple]] = {}
    fmt_ox = {"nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "ttl": ox.RdfFormat.TURTLE}
    for fmt in ("nq", "trig", "ttl"):
        target = args.work / f"all.{fmt}"
        script = f"import sys; from kg.cli import main; sys.stdout = open({str(target)!r}, 'w'); sys.exit(main(['export', '--store', {str(store)!r}, '--format', {fmt!r}]))"
        secs, rss, _ = sh(sys.executable, "-c", script)
        data = target.read_bytes()
        triples[fmt] = {q.triple for q in ox.parse(data, format=fmt_ox[fmt])}
        rows.append((fmt, secs, rss, len(data)))
    same = triples["nq"] == triples["trig"] == triples["ttl"]
    base = rows[0][1]
    lines = [
        f"# Export: {args.docs} generated reports, {len(triples['nq']):,} distinct triples",
        "",
        f"`python bench/bench_export.py --docs {args.docs}` (this 2-core machine, shared).",
        "",
        "| format | seconds | × N-Quads | peak RSS MB | bytes |",
        "|---|---:|---:|---:|---:|",
    ]
    for fmt, secs, rss, size in rows:
        lines.append(f"| {fmt} | {secs:.1f} | {secs / base:.2f} | {rss} | {size:,} |")
    lines += ["", f"The three parse to the same triples: {'yes' if same else 'NO'}."]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
