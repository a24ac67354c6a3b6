"""``povkg build``, ``povkg extract`` and ``povkg export``."""

from __future__ import annotations

import json
import sys
import webbrowser
from pathlib import Path

import click

from kg.cli import cli, fail
from kg.resources import default_store, default_viewer, sample_report

__all__ = ["build_cmd", "extract_cmd", "export_cmd"]


@cli.command("build")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--store", type=click.Path(path_type=Path), default=None,
              help="Store folder (default: $POVKG_STORE or ./out/store).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True, help="Parallel workers.")
@click.option("--viewer/--no-viewer", default=True, show_default=True, help="Write the overview viewer beside the store.")
@click.option("--open", "open_", is_flag=True, help="Open the viewer in a browser when done.")
@click.option("--no-infer", is_flag=True, help="Skip the inference step.")
@click.option("--doc-timeout", type=click.FloatRange(0, min_open=True), default=120.0, show_default=True,
              metavar="SECONDS", help="Abandon a report not built within this time (the rest is built).")
@click.option("--doc-memory", type=click.IntRange(64), default=2048, show_default=True, metavar="MB",
              help="Abandon a report that needs more memory than this (the rest is built).")
@click.option("--include", multiple=True, metavar="GLOB",
              help="Also build files in folders matching GLOB (name or relative path), e.g. '*.md'.")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Do not build files in folders matching GLOB.")
def build_cmd(paths: tuple[Path, ...], store: Path | None, jobs: int, viewer: bool, open_: bool, no_infer: bool,
              doc_timeout: float, doc_memory: int, include: tuple[str, ...], exclude: tuple[str, ...]) -> int:
    """Build the graph from reports (files or folders; default: the bundled reference report).

    Each report becomes one named graph, replaced whole when it changed and skipped when its
    content hash is unchanged. Prints a summary on stderr and the viewer's path on stdout.
    Exit 0 only when every document built; 3 when any failed (the others are still built).

    In a folder, ``.txt`` and ``.html`` files are reports (README and notes files are not;
    ``NAME.meta.json`` sidecars and ``*.gold.json`` files are read or ignored); ``.md`` and
    other files only when named or matched by --include. What was passed over is said on
    stderr. Documents built earlier from a folder that no longer holds them are removed.
    """
    from kg.build import build_corpus
    from kg.errors import InputError
    from kg.store import OxigraphStore

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
    click.echo(f"store: {store_path}", err=True)
    if viewer:
        from visualise import write_view

        out = write_view(st, default_viewer(store_path), view="overview")
        click.echo(str(out))
        if open_:
            webbrowser.open(Path(out).resolve().as_uri())
    del st
    return 0 if summary.ok else 3


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
    """Write the whole store to stdout: sorted N-Quads (byte-stable), TriG, or Turtle (union)."""
    from kg.store import OxigraphStore

    st = OxigraphStore(store or default_store(), read_only=True)
    lines = st.export_nquads()
    out = sys.stdout
    if fmt == "nq":
        for line in lines:
            out.write(line + "\n")
        return 0
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(data="\n".join(lines), format="nquads")
    if fmt == "trig":
        out.write(ds.serialize(format="trig"))
    else:
        from rdflib import Graph

        g = Graph()
        for s, p, o, _c in ds.quads():
            g.add((s, p, o))
        out.write(g.serialize(format="longturtle"))
    return 0

