"""Who finds the assignments in this process: the rules, the trained model, or both.

Kept apart from `predict` so that the command line and `extract` can read and set the mode
without importing the model's code (`vanban --help` loads no NLP). The mode travels to
worker processes through the environment variable VANBAN_ASSIGNMENTS, which they inherit.

- `rules` (default): the rules' assignments only; the model is not even loaded.
- `model`: the model's only (`vanban.learn.predict.predict`).
- `both`: the rules' assignments and what the model adds to them (`predict.combine`).
"""

from __future__ import annotations

import os

MODES = ("rules", "model", "both")
ENV = "VANBAN_ASSIGNMENTS"

_mode: str | None = None


def set_mode(mode: str | None) -> None:
    """Set the assignments mode of this process (and, through the environment, of the worker
    processes it starts); None goes back to the environment's or the default."""
    global _mode
    if mode is not None and mode not in MODES:
        raise ValueError(f"assignments mode must be one of {', '.join(MODES)}, not {mode!r}")
    _mode = mode
    if mode is None:
        os.environ.pop(ENV, None)
    else:
        os.environ[ENV] = mode


def mode() -> str:
    value = _mode or os.environ.get(ENV) or "rules"
    return value if value in MODES else "rules"
