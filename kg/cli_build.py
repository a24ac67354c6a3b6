"""``povkg build``, ``povkg extract`` and ``povkg export``."""

from __future__ import annotations

import json
import sys
import webbrowser
from pathlib import Path

import click

from kg.cli import cli, fail
from kg.resources import default_store, default_viewer, sample_report
from kg.vocab import G_INFERRED

__all__ = ["build_cmd", "extract_cmd", "export_cmd", "info_cmd", "store_info"]


@cli.command("build")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--store", type=click.Path(path_type=Path), default=None,
              help="Store folder (default: $POVKG_STORE or ./out/store).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True, help="Parallel workers.")
@click.option("--viewer/--no-viewer", default=True, show_default=True, help="Write the overview viewer beside the store.")
@click.option("--open", "open_", is_flag=True, help="Open the viewer in a browser when done.")
@click.option("--no-infer", is_flag=True, help="Skip the inference step.")
@click.option(
    "--validate/--no-validate",
    "check",
    default=True,
    show_default=True,
    help="Check the documents built against the SHACL shapes (exit 1 when they do not conform).",
)
@click.option("--doc-timeout", type=click.FloatRange(0, min_open=True), default=120.0, show_default=True,
              metavar="SECONDS", help="Abandon a report not built within this time (the rest is built).")
@click.option("--doc-memory", type=click.IntRange(64), default=2048, show_default=True, metavar="MB",
              help="Abandon a report that needs more memory than this (the rest is built).")
@click.option("--include", multiple=True, metavar="GLOB",
              help="Also build files in folders matching GLOB (name or relative path), e.g. '*.md'.")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Do not build files in folders matching GLOB.")
def build_cmd(paths: tuple[Path, ...], store: Path | None, jobs: int, viewer: bool, open_: bool, no_infer: bool,
              check: bool, doc_timeout: float, doc_memory: int, include: tuple[str, ...],
              exclude: tuple[str, ...]) -> int:
    """Build the graph from reports (files or folders; default: the bundled reference report).

    Each report becomes one named graph, replaced whole when it changed and skipped when its
    content hash is unchanged. The documents built are then checked against the SHACL
    shapes (what povkg validate runs). Prints a summary on stderr and the viewer's path on
    stdout. Exit 0 only when every document built and conforms; 1 when the data does not
    conform (the violations are listed); 3 when any document failed (the others are still
    built).

    In a folder, ``.txt`` and ``.html`` files are reports (README and notes files are not;
    ``NAME.meta.json`` sidecars and ``*.gold.json`` files are read or ignored); ``.md`` and
    other files only when named or matched by --include. What was passed over is said on
    stderr. Documents built earlier from a folder that no longer holds them are removed.
    """
    from kg.build import build_corpus
    from kg.errors import InputError
    from kg.resolve import doc_key
    from kg.store import OxigraphStore
    from kg.vocab import doc_iri

    store_path = store or default_store()
    inputs = list(paths) or [sample_report()]
    if not any(p.exists() or p.is_symlink() for p in inputs):  # nothing to build: touch nothing
        for p in inputs[:-1]:
            fail(f"{p}: no such file or folder")
        raise InputError(f"{inputs[-1]}: no such file or folder")
    st = OxigraphStore(store_path)
    summary = build_corpus(inputs, st, jobs=jobs, infer=not no_infer, on_error=fail, doc_timeout=doc_timeout,
                           doc_memory=doc_memory << 20, include=include, exclude=exclude)
    click.echo(summary.render(), err=True)
    conforms = True
    if check and summary.built:
        from kg.cli_ref import compact
        from kg.validate import validate_built

        built = [str(doc_iri(doc_key(Path(p).stem))) for p in summary.built]
        report = validate_built(store_path, built, jobs=jobs)  # the snapshot the build published
        bad = [v for v in report.violations if v.severity == "Violation"]
        warned = len(report.violations) - len(bad)
        for v in bad[:20]:
            click.echo(f"povkg: violation: {compact(v.focus)} {compact(v.path or '-')}: {v.message}", err=True)
        if len(bad) > 20:
            click.echo(f"povkg: … and {len(bad) - 20} more violations (povkg validate lists them all)", err=True)
        conforms = report.conforms
        state = "conforms" if conforms else f"does not conform: {len(bad)} violations"
        click.echo(
            f"validation: {state}" + (f", {warned} warnings (povkg validate lists them)" if warned else ""),
            err=True,
        )
    click.echo(f"store: {store_path}", err=True)
    if viewer:
        from visualise import write_view

        out = write_view(store_path, default_viewer(store_path), view="overview")  # read from the published snapshot; its model is kept for povkg viz
        click.echo(str(out))
        if open_:
            webbrowser.open(Path(out).resolve().as_uri())
    del st
    return 3 if not summary.ok else (0 if conforms else 1)


@cli.command("extract")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "ttl"]), default="json", show_default=True)
def extract_cmd(path: Path, fmt: str) -> int:
    """Extract one report and print its records (JSON, the scorer's schema) or its RDF (Turtle)."""
    from kg.build import build_document_graph, extract_file

    report, ex = extract_file(path)
    if fmt == "json":
        click.echo(json.dumps(ex.to_json(), ensure_ascii=False, indent=2))
    else:
        g = build_document_graph(ex, report)
        click.echo(g.serialize(format="longturtle"))
    return 0


@cli.command("export")
@click.option("--store", type=click.Path(path_type=Path), default=None)
@click.option("--format", "fmt", type=click.Choice(["nq", "trig", "ttl"]), default="nq", show_default=True)
def export_cmd(store: Path | None, fmt: str) -> int:
    """Write the whole store to stdout: sorted N-Quads (byte-stable), TriG, or Turtle (union).

    TriG and Turtle are written by Oxigraph's serialiser with the predefined prefixes
    (povkg prefixes), sorted, so they are byte-stable too.
    """
    from kg.store import OxigraphStore

    st = OxigraphStore(store or default_store(), read_only=True)
    out = sys.stdout.buffer
    n = st.export_rdf(out, fmt)  # a progress bar on stderr when it is a terminal
    out.flush()
    click.echo(f"povkg: exported {n:,} {'triples' if fmt == 'ttl' else 'quads'}", err=True)
    return 0


_INFO_COUNTS = (
    ("policies", "pov:Policy"),
    ("programmes", "pov:Programme"),
    ("bodies", "pov:Organisation pov:GovernmentBody pov:PartyBody pov:Enterprise pov:SocialOrganisation"),
    ("places named", None),
    ("meetings", "pov:Meeting"),
    ("site visits", "pov:SiteVisit"),
    ("outcomes", "pov:Observation"),
)


def store_info(path: Path) -> dict[str, object]:
    """What ``povkg info`` reports about the store at ``path``, as plain data."""
    import datetime as dt

    from kg.store import OxigraphStore, current_snapshot, snapshot_bytes, snapshots

    st = OxigraphStore(path, read_only=True)
    docs = st.select(
        "SELECT ?doc ?date ?province ?provinceZh WHERE { GRAPH ?doc { ?doc a pov:Document "
        "OPTIONAL { ?doc dct:date ?date } OPTIONAL { ?doc pov:province ?province } } "
        "OPTIONAL { GRAPH graph:gazetteer { ?province rdfs:label ?provinceZh "
        'FILTER(langMatches(lang(?provinceZh), "zh")) } } } ORDER BY ?doc'
    )
    provinces: dict[str, int] = {}
    years: dict[str, int] = {}
    for r in docs:
        name = str(r.get("provinceZh") or r.get("province") or "?")
        provinces[name] = provinces.get(name, 0) + 1
        date = r.get("date")
        year = str(date)[:4] if date else "?"
        years[year] = years.get(year, 0) + 1
    counts: dict[str, int] = {}
    for label, types in _INFO_COUNTS:
        if types is None:  # places the reports name (not the whole gazetteer)
            q = (
                "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH ?doc { ?doc a pov:Document } "
                "GRAPH ?doc { { ?e pov:heldIn ?x } UNION { ?o pov:area ?x } UNION { ?x pov:isMentionedIn ?s . ?x a ?t "
                "FILTER(?t IN (pov:Place, pov:Province, pov:PrefectureCity, pov:County, pov:Township, pov:Village, pov:Site)) } } }"
            )
        else:
            q = f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ VALUES ?t {{ {types} }} ?x a ?t }}"
        counts[label] = int(st.select(q)[0]["n"])
    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    snap = current_snapshot(path)
    stamp = (snap or path).stat().st_mtime
    return {
        "store": str(path),
        "documents": len(docs),
        "provinces": dict(sorted(provinces.items(), key=lambda kv: (-kv[1], kv[0]))),
        "years": dict(sorted(years.items())),
        "entities": counts,
        "triples": len(st),
        "inferred": st.graph_size(G_INFERRED),
        "graphs": len(st.graph_names()),
        "bytes_on_disk": size,
        "snapshots": len(snapshots(path)),
        "snapshot_bytes": snapshot_bytes(path),
        "last_build": dt.datetime.fromtimestamp(stamp, tz=dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
    }


@cli.command("info")
@click.option("--store", type=click.Path(path_type=Path), default=None,
              help="Store folder (default: $POVKG_STORE or ./out/store).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def info_cmd(store: Path | None, fmt: str) -> int:
    """What the store holds: documents, provinces, years, entities per type, size, last build.

    The first thing to run after povkg build.
    """
    from kg.errors import StoreError

    path = store or default_store()
    if not path.exists():
        raise StoreError(f"no store at {path} (run 'povkg build' first)")
    info = store_info(path)
    if fmt == "json":
        click.echo(json.dumps(info, ensure_ascii=False, indent=1))
        return 0

    def spread(d: object) -> str:
        assert isinstance(d, dict)
        return ", ".join(f"{k} {v}" for k, v in d.items()) or "-"

    mib = int(info["bytes_on_disk"]) / 2**20  # type: ignore[call-overload]
    lines = [
        f"store       {info['store']}",
        f"last build  {info['last_build']}",
        f"documents   {info['documents']}",
        f"provinces   {spread(info['provinces'])}",
        f"years       {spread(info['years'])}",
        f"entities    {spread(info['entities'])}",
        f"triples     {info['triples']:,} ({info['inferred']:,} inferred) in {info['graphs']} graphs",
        f"on disk     {mib:.1f} MiB, and {int(info['snapshot_bytes']) / 2**20:.1f} MiB more in "  # type: ignore[call-overload]
        f"{info['snapshots']} reader snapshot{'s' if info['snapshots'] != 1 else ''}",
        "next        povkg query --list · povkg lookup 光山县 · povkg viz · povkg serve",
    ]
    click.echo("\n".join(lines))
    return 0
