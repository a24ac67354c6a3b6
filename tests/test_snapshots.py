"""Readers' snapshots: the newest one is kept, and any a reader (in any process) still holds."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

from kg.build import build_corpus
from kg.cli_build import store_info
from kg.infer import infer_into_store
from kg.store import OxigraphStore, current_snapshot, snapshot_bytes, snapshots
from kg.vocab import G_INFERRED

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
REPORT = "chongqing-2021-03-05-review.txt"
_INFERRED = ox.NamedNode(str(G_INFERRED))

#: a reader in another process: opens the store, says so, holds it until its stdin closes
_READER = """
import sys
from kg.store import OxigraphStore
st = OxigraphStore(sys.argv[1], read_only=True)
print(len(st), flush=True)
sys.stdin.read()
print(len(st), flush=True)
"""


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(CORPUS / REPORT, folder / REPORT)
    return folder


def _edit(folder: Path, n: int) -> None:
    with (folder / REPORT).open("a", encoding="utf-8") as f:
        f.write(f"\n第{n}次修订。\n")


def test_ten_builds_leave_at_most_two_snapshots(tmp_path: Path) -> None:
    folder, path = _corpus(tmp_path), tmp_path / "store"
    published = set()
    for n in range(10):
        if n % 2:
            _edit(folder, n)  # half the builds change a report, half change nothing
        store = OxigraphStore(path)
        built = build_corpus([folder], store, jobs=1)
        assert built.ok and built.inference == ("full" if n == 0 else "patched" if n % 2 else "unchanged")
        if n == 9:  # the inferred graph patched four times is the one a full inference gives
            again = OxigraphStore()
            again.ox.extend(q for q in store.ox if q.graph_name != _INFERRED)
            infer_into_store(again)
            assert sorted(map(str, again.ox.quads_for_pattern(None, None, None, _INFERRED))) == \
                sorted(map(str, store.ox.quads_for_pattern(None, None, None, _INFERRED)))
        del store
        published.add(current_snapshot(path))
        assert 1 <= len(snapshots(path)) <= 2
    assert len(published) == 10  # every build published its own snapshot
    assert snapshots(path) == [current_snapshot(path)]  # no reader: only the newest is left
    info = store_info(path)
    assert info["snapshots"] == 1
    # a checkpoint hard-links the store's files: it costs far less than a copy of the store
    assert 0 <= int(info["snapshot_bytes"]) < int(info["bytes_on_disk"])  # type: ignore[call-overload]


def test_a_reader_keeps_its_snapshot_until_it_closes(tmp_path: Path) -> None:
    """One reader in another process, one in this one: each keeps the snapshot it opened."""
    folder, path = _corpus(tmp_path), tmp_path / "store"
    assert build_corpus([folder], OxigraphStore(path), jobs=1).ok
    held = current_snapshot(path)
    reader = subprocess.Popen([sys.executable, "-c", _READER, str(path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout is not None and reader.stdin is not None
        before = int(reader.stdout.readline())  # the event: the reader has opened its snapshot
        _edit(folder, 1)
        assert build_corpus([folder], OxigraphStore(path), jobs=1).ok
        local = OxigraphStore(path, read_only=True)  # this process holds the second one
        mine = current_snapshot(path)
        _edit(folder, 2)
        assert build_corpus([folder], OxigraphStore(path), jobs=1).ok
        assert snapshots(path) == [held, mine, current_snapshot(path)]  # both held, and the newest
        assert snapshot_bytes(path) > 0
        reader.stdin.close()
        assert int(reader.stdout.readline()) == before  # it read its snapshot all along
        assert reader.wait(timeout=60) == 0
    finally:
        reader.kill()
    # the other process is gone: the next build removes its snapshot, not the one held here
    assert build_corpus([folder], OxigraphStore(path), jobs=1).ok
    assert snapshots(path) == [mine, current_snapshot(path)] and len(local) > 0
    del local
    assert build_corpus([folder], OxigraphStore(path), jobs=1).ok
    assert snapshots(path) == [current_snapshot(path)]
