"""``povkg validate`` and ``povkg reason``: checks and closure over the reference graph or a store.

The *reference graph* is the ontology, the gazetteer and the catalogue together (what the
build loads into ``graph/ontology``, ``graph/gazetteer`` and ``graph/catalogue``). A store's
*data* is the union of its named graphs, leaving out ``graph/inferred``. ``validate`` checks
the reference graph and, with ``--store PATH``, the store's data with it; ``reason`` works
on the reference graph or, with ``--store PATH``, on the store's data alone (a built store
holds the reference graphs already).

``validate`` prints the violations (``--format table`` or ``json``) on stdout and a summary
on stderr; it exits 0 when the data conforms and 1 when it does not. ``reason`` computes the
OWL 2 RL closure into a graph of its own: written to stdout (``--format ttl|nt|jsonld``), or
with ``--store`` into the store's ``graph/inferred``, replacing what was there; it reports
the number of inferred triples on stderr.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

import click
from rdflib import Graph

from kg.cli import cli
from kg.errors import StoreError
from kg.store import OxigraphStore
from kg.validate import ValidationReport, validate
from kg.vocab import G_INFERRED, G_ONTOLOGY, PREFIXES

__all__ = ["validate_command", "reason_command", "reference_graph", "compact"]


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
    g = Graph()
    for s, p, o, ctx in store.to_dataset().quads((None, None, None, None)):
        if getattr(ctx, "identifier", ctx) != G_INFERRED:
            g.add((s, p, o))
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


@cli.command("validate")
@click.option(
    "--store",
    "store",
    type=click.Path(path_type=Path),
    default=None,
    help="Also validate the data in this on-disk store (its named graphs, without graph/inferred).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="How to print the violations.",
)
def validate_command(store: Path | None, fmt: str) -> int:
    """Check the reference graph (ontology, gazetteer, catalogue), and a store, against the SHACL shapes.

    Prints one line per violation (severity, focus node, path, message, shape); exits 0 when
    everything conforms and 1 when not.
    """
    started = time.perf_counter()
    data = reference_graph()
    if store is not None:
        for t in _store_data(_open_store(store, read_only=True)):
            data.add(t)
    report = validate(data)
    _print_report(report, fmt)
    n = sum(v.severity == "Violation" for v in report.violations)
    other = len(report.violations) - n
    summary = "conforms" if report.conforms else f"does not conform: {n} violation{'s' * (n != 1)}"
    if other:
        summary += f", {other} warning{'s' * (other != 1)} or note{'s' * (other != 1)}"
    click.echo(f"povkg: {len(data)} triples {summary} ({time.perf_counter() - started:.1f} s)", err=True)
    return 0 if report.conforms else 1


@cli.command("reason")
@click.option(
    "--store",
    "store",
    type=click.Path(path_type=Path),
    default=None,
    help="Reason over this store's data and write the result into its graph/inferred (replacing it).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ttl", "nt", "jsonld"]),
    default="ttl",
    show_default=True,
    help="Serialisation of the inferred graph on stdout (without --store).",
)
def reason_command(store: Path | None, fmt: str) -> int:
    """Compute the OWL 2 RL closure (owlrl) of the reference graph, or of a store's data.

    Only the inferred triples are kept, in a graph of their own. Without --store they are
    written to stdout; with --store the store's data (its named graphs but graph/inferred)
    is reasoned over and the result replaces its named graph graph/inferred. owlrl is pure
    Python: about a minute for the reference graph, far longer for large stores.
    """
    from kg.reason import reason_owlrl

    started = time.perf_counter()
    st = _open_store(store, read_only=False) if store is not None else None
    data = _store_data(st) if st is not None else reference_graph(ontology=False)
    inferred = reason_owlrl(data)
    where = "to stdout"
    if st is not None:
        st.replace_graph(G_INFERRED, inferred)
        st.flush()
        where = f"into <{G_INFERRED}> of {store}"
    else:
        out = inferred.serialize(format={"ttl": "longturtle", "nt": "nt", "jsonld": "json-ld"}[fmt])
        if fmt == "nt":  # stable order
            out = "\n".join(sorted(line for line in out.splitlines() if line)) + "\n"
        sys.stdout.write(out)
        sys.stdout.flush()
    click.echo(
        f"povkg: inferred {len(inferred)} triples from {len(data)} ({time.perf_counter() - started:.1f} s), "
        f"written {where}",
        err=True,
    )
    return 0
