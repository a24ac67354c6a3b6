"""What a build reads and what it leaves: a folder's reports (not its notes), a budget per
report, no FIFO or device read, the store equal to the corpus (deleted and renamed reports
removed, sidecar edits rebuilt), one clear line for bad input and full disks, UTF-8 on
stdout whatever the locale."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build import find_reports, read_report
from kg.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "corpus"
REPORTS = sorted(CORPUS.glob("*.txt"))


def povkg(*args: str, timeout: float = 600, env: dict[str, str] | None = None,
          cwd: Path | None = None, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=timeout,
                          env=env, cwd=cwd, **kw)  # type: ignore[call-overload]


def povkg_bytes(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, timeout=600, env=env)


def _copy(names: list[Path], dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for p in names:
        shutil.copy(p, dest / p.name)
        side = p.with_name(p.stem + ".meta.json")
        if side.exists():
            shutil.copy(side, dest / side.name)
    return dest


def _built(stderr: str) -> tuple[int, int, int]:
    line = next(ln for ln in stderr.splitlines() if ln.startswith("documents:"))
    nums = [int(w) for w in line.replace(",", " ").split() if w.isdigit()]
    return nums[0], nums[1], nums[-1]  # built, unchanged, failed


# --- a folder is reports -----------------------------------------------------------------------
def test_a_folder_is_its_reports_not_its_notes(tmp_path: Path) -> None:
    corpus = _copy(REPORTS[:2], tmp_path / "c")
    (corpus / "README.md").write_text("# 说明\n本文件夹收录报告。\n", encoding="utf-8")
    (corpus / "notes.txt").write_text("待办：核对日期。\n", encoding="utf-8")
    (corpus / "extra.md").write_text("河南省光山县召开网络扶贫工作推进会。\n", encoding="utf-8")
    (corpus / "x.gold.json").write_text("{}", encoding="utf-8")
    (corpus / "data.csv").write_text("a,b\n", encoding="utf-8")
    files, errors = find_reports([corpus])
    assert [f.name for f in files] == [p.name for p in REPORTS[:2]] and errors == []
    skipped: list[str] = []
    files, _ = find_reports([corpus], include=["*.md"], exclude=["README*"], skipped=skipped)
    assert sorted(f.name for f in files) == sorted([*(p.name for p in REPORTS[:2]), "extra.md"])
    assert sorted(Path(s).name for s in skipped) == ["README.md", "data.csv", "notes.txt"]
    # named explicitly, a .md is a report
    assert find_reports([corpus / "extra.md"])[0] == [corpus / "extra.md"]

    run = povkg("build", str(corpus), "--store", str(tmp_path / "s"), "--no-viewer")
    assert run.returncode == 0, run.stderr
    assert _built(run.stderr) == (2, 0, 0)
    said = next(ln for ln in run.stderr.splitlines() if ln.startswith("skipped"))
    assert "README.md" in said and "notes.txt" in said and "extra.md" in said and "gold" not in said
    run = povkg("build", str(corpus), "--store", str(tmp_path / "s"), "--no-viewer", "--include", "*.md",
                "--exclude", "README.md")
    assert run.returncode == 0, run.stderr
    assert _built(run.stderr) == (1, 2, 0)


# --- no FIFO, device or endless file -------------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifos_and_devices_are_refused_before_reading(tmp_path: Path) -> None:
    corpus = _copy(REPORTS[:1], tmp_path / "c")
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "zero.txt").symlink_to("/dev/zero")
    # in a child first: reading either one without the check hangs or eats all memory
    run = povkg("build", str(corpus), "--store", str(tmp_path / "s"), "--no-viewer", timeout=120)
    assert run.returncode == 3
    errs = [ln for ln in run.stderr.splitlines() if ln.startswith("povkg: error")]
    assert len(errs) == 2 and all("not a regular file" in e for e in errs), run.stderr
    assert _built(run.stderr)[0] == 1 and "Traceback" not in run.stderr
    for name in ("pipe.txt", "zero.txt"):
        with pytest.raises(InputError, match="not a regular file"):
            read_report(corpus / name)


# --- a budget per report -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def heavy_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two ordinary reports and one of ~12 MB of real prose: far past a small budget."""
    d = _copy(REPORTS[:2], tmp_path_factory.mktemp("heavy") / "c")
    text = "\n".join(p.read_text(encoding="utf-8") for p in REPORTS)
    reps = max(1, (12 << 20) // len(text.encode("utf-8")))
    (d / "zz-heavy.txt").write_text(text * reps, encoding="utf-8")
    return d


@pytest.mark.slow
def test_a_report_past_its_time_budget_is_abandoned_and_the_rest_built(heavy_corpus: Path, tmp_path: Path) -> None:
    run = povkg("build", str(heavy_corpus), "--store", str(tmp_path / "s"), "--no-viewer", "-j", "2",
                "--doc-timeout", "2", timeout=300)
    assert run.returncode == 3, run.stderr
    errs = [ln for ln in run.stderr.splitlines() if ln.startswith("povkg: error")]
    assert len(errs) == 1 and "zz-heavy.txt" in errs[0] and "abandoned" in errs[0], run.stderr
    assert _built(run.stderr) == (2, 0, 1)


@pytest.mark.slow
def test_a_report_past_its_memory_budget_is_abandoned_and_the_rest_built(heavy_corpus: Path, tmp_path: Path) -> None:
    run = povkg("build", str(heavy_corpus), "--store", str(tmp_path / "s"), "--no-viewer",
                "--doc-memory", "64", timeout=300)
    assert run.returncode == 3, run.stderr
    errs = [ln for ln in run.stderr.splitlines() if ln.startswith("povkg: error")]
    assert len(errs) == 1 and "zz-heavy.txt" in errs[0] and "abandoned" in errs[0], run.stderr
    assert _built(run.stderr) == (2, 0, 1)


# --- the store is the corpus ---------------------------------------------------------------------
def _export(store: Path) -> bytes:
    run = subprocess.run([sys.executable, "-m", "kg", "export", "--store", str(store)], capture_output=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_deleted_and_renamed_reports_leave_the_store(tmp_path: Path) -> None:
    corpus = _copy(REPORTS[:3], tmp_path / "c")
    store = tmp_path / "s"
    assert povkg("build", str(corpus), "--store", str(store), "--no-viewer").returncode == 0
    (corpus / REPORTS[0].name).unlink()
    (corpus / REPORTS[1].name).rename(corpus / ("renamed-" + REPORTS[1].name))
    run = povkg("build", str(corpus), "--store", str(store), "--no-viewer")
    assert run.returncode == 0, run.stderr
    removed = [ln for ln in run.stderr.splitlines() if ln.startswith("removed")]
    assert len(removed) == 2 and any(REPORTS[0].name in ln for ln in removed), run.stderr
    fresh = tmp_path / "fresh"
    assert povkg("build", str(corpus), "--store", str(fresh), "--no-viewer").returncode == 0
    assert _export(store) == _export(fresh)


def test_an_edited_sidecar_is_rebuilt(tmp_path: Path) -> None:
    with_side = [p for p in REPORTS if p.with_name(p.stem + ".meta.json").exists()][:1]
    corpus = _copy(with_side, tmp_path / "c")
    store = tmp_path / "s"
    assert povkg("build", str(corpus), "--store", str(store), "--no-viewer").returncode == 0
    side = corpus / (with_side[0].stem + ".meta.json")
    meta = json.loads(side.read_text(encoding="utf-8"))
    meta["title"] = "改过的标题"
    side.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    run = povkg("build", str(corpus), "--store", str(store), "--no-viewer")
    assert _built(run.stderr) == (1, 0, 0), run.stderr
    assert "改过的标题".encode() in _export(store)


# --- one clear line ------------------------------------------------------------------------------
def test_dates_that_are_not_dates_are_refused(tmp_path: Path) -> None:
    corpus = _copy(REPORTS[:1], tmp_path / "c")
    (corpus / (REPORTS[0].stem + ".meta.json")).write_text('{"date": "9999-99-99"}', encoding="utf-8")
    run = povkg("build", str(corpus), "--store", str(tmp_path / "s"), "--no-viewer")
    assert run.returncode == 3 and "Traceback" not in run.stderr
    errs = [ln for ln in run.stderr.splitlines() if ln.startswith("povkg: error")]
    assert len(errs) == 1 and "date" in errs[0]
    assert b"9999-99-99" not in _export(tmp_path / "s")


def test_utf16_reports_with_a_bom_are_read(tmp_path: Path) -> None:
    text = REPORTS[0].read_text(encoding="utf-8")
    for enc in ("utf-16", "utf-16-be", "utf-32"):
        p = tmp_path / f"r-{enc}.txt"
        bom = {"utf-16-be": b"\xfe\xff"}.get(enc, b"")
        p.write_bytes(bom + text.encode(enc))
        assert read_report(p).text == text


def test_building_nothing_creates_nothing(tmp_path: Path) -> None:
    run = povkg("build", str(tmp_path / "nonexistent"), cwd=tmp_path)
    assert run.returncode == 3 and len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert list(tmp_path.iterdir()) == []


def _limit_file_size() -> None:  # pragma: no cover - runs in the child
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG), as on a full disk
    resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, 256 * 1024))


def test_a_full_disk_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    corpus = _copy(REPORTS[:3], tmp_path / "c")
    run = povkg("build", str(corpus), "--store", str(tmp_path / "s"), preexec_fn=_limit_file_size)
    assert run.returncode == 3, run.stderr
    assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1, run.stderr


# --- UTF-8 always --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("utf8") / "s"
    run = povkg("build", str(CORPUS), "--store", str(store), "--no-viewer")
    assert run.returncode == 0, run.stderr
    return store


def _gb18030_locale(tmp: Path) -> dict[str, str] | None:
    """A GB18030 locale (compiled with localedef into ``tmp`` when the system has none)."""
    have = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.lower()
    if "zh_cn.gb18030" in have:
        return {}
    if shutil.which("localedef") is None:
        return None
    made = subprocess.run(["localedef", "-i", "zh_CN", "-f", "GB18030", str(tmp / "zh_CN.GB18030")],
                          capture_output=True)
    return {"LOCPATH": str(tmp)} if (tmp / "zh_CN.GB18030").exists() and made.returncode in (0, 1) else None


@pytest.mark.parametrize("locale", ["zh_CN.GB18030", "C", "POSIX"])
def test_exports_and_formats_are_utf8_whatever_the_locale(built_store: Path, locale: str, tmp_path: Path) -> None:
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("LC_", "LANG", "PYTHONIOENCODING", "PYTHONUTF8", "PYTHONCOERCECLOCALE"))}
    utf8 = {**base, "LC_ALL": "C.UTF-8"}
    # no UTF-8 mode and no locale coercion: Python takes the locale's encoding for stdout
    other = {**base, "LC_ALL": locale, "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    if locale.endswith("GB18030"):
        extra = _gb18030_locale(tmp_path)
        if extra is None:
            pytest.skip("no GB18030 locale and no localedef to make one")
        other.update(extra)
        probe = subprocess.run([sys.executable, "-c", "import sys; print(sys.stdout.encoding)"], env=other,
                               capture_output=True, text=True)
        assert probe.stdout.strip().lower() == "gb18030"  # the test tests what it says
    commands = [
        ("export", "--store", str(built_store)),
        ("sparql", "SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l LIMIT 50",
         "--store", str(built_store), "--format", "json"),
        ("sparql", "SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l LIMIT 50",
         "--store", str(built_store), "--format", "csv"),
        ("sparql", "SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l LIMIT 50",
         "--store", str(built_store), "--format", "tsv"),
    ]
    for cmd in commands:
        a, b = povkg_bytes(*cmd, env=utf8), povkg_bytes(*cmd, env=other)
        assert a.returncode == 0 and b.returncode == 0, b.stderr
        assert a.stdout == b.stdout, cmd[0]
        assert "扶贫".encode() in a.stdout or "县".encode() in a.stdout
        a.stdout.decode("utf-8")
