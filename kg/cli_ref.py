"""``povkg validate`` and ``povkg reason``: checks and closure over the reference graph or a store.

The *reference graph* is the ontology, the gazetteer and the catalogue together (what the
build loads into ``graph/ontology``, ``graph/gazetteer`` and ``graph/catalogue``). A store's
*data* is the union of its named graphs, leaving out ``graph/inferred``. Both read the default
store like every other command (``$POVKG_STORE`` or ``./out/store``, or ``--store PATH``) and
fall back to the reference graph alone when none has been built (or with
``--reference-only``). ``validate`` checks the reference graph with the store's data;
``reason`` computes the closure of the store's data in the store (:mod:`kg.infer`, the rules
the build runs) or, with ``--owlrl``, with owlrl.

``validate`` prints the violations (``--format table`` or ``json``) on stdout and a summary
on stderr; it exits 0 when the data conforms and 1 when it does not. ``reason`` computes the
OWL 2 RL closure into a graph of its own: into the store's ``graph/inferred``, replacing what
was there, or (reference graph) to stdout (``--format ttl|nt|jsonld``); it reports the number
of inferred triples on stderr.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click
from rdflib import Graph

from kg.cli import cli
from kg.errors import StoreError
from kg.store import OxigraphStore
from kg.validate import ValidationReport, validate
from kg.vocab import G_INFERRED, G_ONTOLOGY, PREFIXES

__all__ = ["validate_command", "reason_command", "docs_command", "reference_graph", "compact"]


def reference_graph(*, ontology: bool = True) -> Graph:
    """The reference graphs the build loads (:func:`kg.build.reference_graphs`) as one graph.

    Parameters
    ----------
    ontology : bool
        Include the ontology (``graph/ontology``) as well as the gazetteer and catalogue.
    """
    from kg.build import reference_graphs

    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    for name, graph in reference_graphs().items():
        if ontology or name != G_ONTOLOGY:
            for t in graph:
                g.add(t)
    return g


def _open_store(path: Path, *, read_only: bool) -> OxigraphStore:
    if not path.exists():
        raise StoreError(f"no store at {path} (run 'povkg build' first)")
    return OxigraphStore(path, read_only=read_only)


def _store_data(store: OxigraphStore) -> Graph:
    """The union of a store's named graphs, without ``graph/inferred``."""
    from kg.store import _from_ox

    inferred = str(G_INFERRED)
    g = Graph()
    for q in store.ox:
        name = q.graph_name
        if getattr(name, "value", None) != inferred:
            g.add((_from_ox(q.subject), _from_ox(q.predicate), _from_ox(q.object)))  # type: ignore[arg-type]
    return g


#: prefixes for display: the vocabulary's, and the shapes'
_DISPLAY_PREFIXES = {**PREFIXES, "povsh": "https://w3id.org/povkg/shapes#"}


def compact(iri: str) -> str:
    """An IRI in prefixed form where a known prefix applies.

    >>> compact("https://w3id.org/povkg/id/place/411522")
    'id:place/411522'
    >>> compact("https://w3id.org/povkg/def#hasHost|https://w3id.org/povkg/def#hasSpeaker")
    'pov:hasHost|pov:hasSpeaker'
    >>> compact("https://w3id.org/povkg/shapes#Observation-unit")
    'povsh:Observation-unit'
    """
    if "|" in iri:
        return "|".join(compact(part) for part in iri.split("|"))
    best = ""
    for prefix, ns in _DISPLAY_PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(_DISPLAY_PREFIXES.get(best, "")):
            best = prefix
    if not best:
        return iri
    return f"{best}:{iri[len(_DISPLAY_PREFIXES[best]) :]}"


def _print_report(report: ValidationReport, fmt: str) -> None:
    if fmt == "json":
        click.echo(
            json.dumps(
                {"conforms": report.conforms, "violations": [asdict(v) for v in report.violations]},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    for v in report.violations:
        path = compact(v.path) if v.path else "-"
        click.echo(f"{v.severity}\t{compact(v.focus)}\t{path}\t{v.message}\t[{compact(v.shape)}]")


def _default_store(store: Path | None) -> Path | None:
    """The store a command reads: ``--store``, else the default store when one was built."""
    if store is not None:
        return store
    from kg.resources import default_store

    path = default_store()
    return path if path.exists() else None


@cli.command("validate")
@click.option(
    "--store",
    "store",
    type=click.Path(path_type=Path),
    default=None,
    help="The store whose data is validated with the reference graph (default: $POVKG_STORE or ./out/store, if built).",
)
@click.option("--reference-only", is_flag=True, help="Validate the reference graph alone, not a store.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="How to print the violations.",
)
def validate_command(store: Path | None, reference_only: bool, fmt: str) -> int:
    """Check the reference graph (ontology, gazetteer, catalogue) and the store's data against the SHACL shapes.

    Reads the default store like every other command (or --store PATH); without a built
    store, or with --reference-only, the reference graph alone. Prints one line per result
    (severity, focus node, path, message, shape); exits 0 when everything conforms (warnings
    do not fail) and 1 when not.
    """
    started = time.perf_counter()
    data = reference_graph()
    path = None if reference_only else _default_store(store)
    if path is not None:
        for t in _store_data(_open_store(path, read_only=True)):
            data.add(t)
    report = validate(data)
    _print_report(report, fmt)
    n = sum(v.severity == "Violation" for v in report.violations)
    other = len(report.violations) - n
    summary = "conforms" if report.conforms else f"does not conform: {n} violation{'s' * (n != 1)}"
    if other:
        summary += f", {other} warning{'s' * (other != 1)} or note{'s' * (other != 1)}"
    what = f"the reference graph and {path}" if path is not None else "the reference graph"
    click.echo(
        f"povkg: {what}: {len(data)} triples {summary} ({time.perf_counter() - started:.1f} s)", err=True
    )
    return 0 if report.conforms else 1


@cli.command("reason")
@click.option(
    "--store",
    "store",
    type=click.Path(path_type=Path),
    default=None,
    help="The store to reason over (default: $POVKG_STORE or ./out/store, if built); its graph/inferred is replaced.",
)
@click.option("--reference-only", is_flag=True, help="Reason over the reference graph alone (owlrl), to stdout.")
@click.option(
    "--owlrl",
    "use_owlrl",
    is_flag=True,
    help="Use owlrl on the store's data too (pure Python: small stores only).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ttl", "nt", "jsonld"]),
    default="ttl",
    show_default=True,
    help="Serialisation of the inferred graph on stdout (the reference graph).",
)
def reason_command(store: Path | None, reference_only: bool, use_owlrl: bool, fmt: str) -> int:
    """Compute the OWL 2 RL closure into a graph of its own (graph/inferred).

    On a store (the default store, or --store PATH) the closure of its data is computed in
    the store, by the same rules the build runs (kg/infer.py, proved equal to owlrl's
    closure by a test), and replaces graph/inferred; --owlrl uses owlrl instead (minutes
    for large stores). Without a built store, or with --reference-only, owlrl closes the
    reference graph and the result goes to stdout.
    """
    from kg.progress import progress_bar
    from kg.reason import reason_owlrl

    started = time.perf_counter()
    path = None if reference_only else _default_store(store)
    if path is not None:
        with progress_bar(3, "reasoning", "step") as bar:
            n = _reason_store(path, use_owlrl, bar)
        click.echo(
            f"povkg: inferred {n} triples ({'owlrl' if use_owlrl else 'in the store'}, "
            f"{time.perf_counter() - started:.1f} s), written into <{G_INFERRED}> of {path}",
            err=True,
        )
        return 0
    with progress_bar(1, "reasoning (owlrl)", "step") as bar:
        data = reference_graph(ontology=False)
        inferred = reason_owlrl(data)
        bar.update(1)
    out = inferred.serialize(format={"ttl": "longturtle", "nt": "nt", "jsonld": "json-ld"}[fmt])
    if fmt == "nt":  # stable order
        out = "\n".join(sorted(line for line in out.splitlines() if line)) + "\n"
    sys.stdout.write(out)
    sys.stdout.flush()
    click.echo(
        f"povkg: inferred {len(inferred)} triples from {len(data)} ({time.perf_counter() - started:.1f} s), "
        "written to stdout",
        err=True,
    )
    return 0


def _reason_store(path: Path, use_owlrl: bool, bar: Any) -> int:
    """Recompute graph/inferred of the store at ``path``; the number of inferred triples."""
    from kg.reason import reason_owlrl

    st = _open_store(path, read_only=False)
    bar.update(1)
    if not use_owlrl and str(G_ONTOLOGY) not in st.graph_names():
        use_owlrl = True  # not built by povkg build: the store-side rules read graph/ontology
    if use_owlrl:
        inferred = reason_owlrl(_store_data(st))
        st.replace_graph(G_INFERRED, inferred)
        n = len(inferred)
    else:
        from kg.infer import infer_into_store

        n = infer_into_store(st)
    bar.update(1)
    st.flush()
    bar.update(1)
    return n



@cli.command("docs")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="HTML file to write (default: stdout).",
)
@click.option(
    "--store",
    type=click.Path(path_type=Path),
    default=None,
    help="Also take examples of use from this store (default: $POVKG_STORE or ./out/store, if built).",
)
def docs_command(output: Path | None, store: Path | None) -> int:
    """Write the ontology page: every class, property and concept with its zh/en labels,
    definitions, domain and range, hierarchy and examples, generated from ontology/*.ttl.

    One self-contained HTML file (works offline): povkg docs -o ontology.html
    """
    from kg.build import reference_graphs
    from kg.ontology_page import ontology_html

    examples = Graph()
    for name, graph in reference_graphs().items():
        if name != G_ONTOLOGY:
            for t in graph:
                examples.add(t)
    path = _default_store(store)
    if path is not None:
        for t in _store_data(_open_store(path, read_only=True)):
            examples.add(t)
    page = ontology_html(examples=examples)
    if output is None:
        sys.stdout.write(page)
        return 0
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(page.encode("utf-8"))
    click.echo(str(output))
    terms = page.count('class="term"')
    click.echo(f"povkg: wrote the ontology page ({terms} terms)", err=True)
    return 0
