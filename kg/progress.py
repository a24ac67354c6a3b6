"""Progress bars on stderr for long work (build, push, export, reason), with tqdm.

A bar is shown when stderr is a terminal and hidden otherwise, so logs and CI output stay
clean; ``CI`` in the environment (set by CI services) hides it even on a terminal, and
``POVKG_PROGRESS=1`` or ``0`` forces it on or off.

Examples
--------
>>> import os
>>> os.environ["POVKG_PROGRESS"] = "0"
>>> with progress_bar(3, "documents") as bar:
...     bar.update(3)
>>> bar.disable
True
>>> del os.environ["POVKG_PROGRESS"]
"""

from __future__ import annotations

import os
import sys

from tqdm import tqdm

__all__ = ["show_progress", "progress_bar"]


def show_progress() -> bool:
    """Whether progress bars are shown: a terminal on stderr, not CI, unless ``POVKG_PROGRESS`` says."""
    forced = os.environ.get("POVKG_PROGRESS", "").strip().lower()
    if forced in ("1", "true", "yes", "on"):
        return True
    if forced in ("0", "false", "no", "off"):
        return False
    if os.environ.get("CI"):
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stderr
        return False


def progress_bar(total: int | None, desc: str, unit: str = "it", *, show: bool | None = None) -> tqdm:
    """A tqdm bar on stderr (disabled unless :func:`show_progress`, or ``show``, says so).

    Parameters
    ----------
    total : int or None
        How many steps; None for a counter without an end.
    desc : str
        What is being done (``"building"``, ``"pushing"`` …).
    unit : str
        What one step is (``"doc"``, ``"graph"``, ``"quad"``).
    show : bool, optional
        Overrides :func:`show_progress`.
    """
    visible = show_progress() if show is None else show
    width, height = _size()
    return tqdm(
        total=total,
        desc=desc,
        unit=unit,
        file=sys.stderr,
        disable=not visible,
        leave=False,
        ncols=width or 80,  # a terminal that reports no size (0 × 0) would get no bar at all
        nrows=height or 20,
        dynamic_ncols=bool(width),
        unit_scale=unit in ("quad", "triple"),
    )


def _size() -> tuple[int, int]:
    try:
        size = os.get_terminal_size(sys.stderr.fileno())
    except (OSError, ValueError, AttributeError):
        return 0, 0
    return size.columns, size.lines
