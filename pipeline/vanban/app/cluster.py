"""Extraction past one machine: the same records, computed on a Dask cluster.

The work is cut into units (`extract.work_units`: a file, or `BULK_CHUNK` lines of a bulk
file) and each unit runs `extract.process_unit` on a worker, which never raises: a file that
cannot be read comes back as a record that says why. The client gathers records as units
finish and writes them (one SQLite writer, the store's own per-document transactions), so a
batch keeps every result it already had if a worker dies: the unit it held comes back as a
failure record, and a re-run with the same store reads only what is missing or changed.

Workers read the files at the paths given: run them where the corpus is mounted at the same
path (a shared file system, or `local` for the cores of this machine), one thread each
(`dask worker --nthreads 1 --nworkers N`): PDFium, which reads the PDFs, is not thread-safe. Needs the `cluster`
extra (`pip install -e '.[cluster]'` in the clone: dask and distributed).

From a notebook, `records_bag(paths)` gives a dask.bag of records for any Dask scheduler;
`extract_on(client, paths)` yields them as they come.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from vanban.errors import UserError
from vanban.extract import BULK_CHUNK, Unit, failure_record, process_unit, work_units

INSTALL_HINT = "pip install -e '.[cluster]' in the clone of vanban (dask and distributed)"


class ClusterError(UserError):
    """Dask is missing, or the scheduler cannot be reached."""


def client_for(address: str) -> Any:
    """A `distributed.Client`: `local` starts a cluster of this machine's cores (processes),
    anything else is a scheduler address ("tcp://10.0.0.5:8786")."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ClusterError(f"Dask is not installed: {INSTALL_HINT}") from exc
    try:
        if address == "local":
            # Any free port for the dashboard: a second run must not fight the first for 8787.
            return Client(LocalCluster(threads_per_worker=1, dashboard_address=":0"))
        return Client(address, timeout="20s")
    except ValueError as exc:  # "foo", "tcp://host" without a port
        raise ClusterError(f"not a Dask scheduler address: {address!r} ({exc}); give tcp://HOST:PORT or local") from exc
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc


def close(client: Any) -> None:
    """Close the client, and the cluster too when `client_for("local")` started it."""
    cluster = getattr(client, "cluster", None)
    client.close()
    if cluster is not None:
        cluster.close()


def extract_on(client: Any, paths: Iterable[str | Path], skip: Callable[[str, str], bool] | None = None,
               ocr: bool = False, bulk_chunk: int = BULK_CHUNK) -> Iterator[dict[str, Any]]:
    """Records for every document under `paths`, computed by the cluster behind `client`,
    in the order their units finish."""
    return run_units_on(client, work_units(paths, skip, bulk_chunk), ocr)


def run_units_on(client: Any, units: list[Unit], ocr: bool = False) -> Iterator[dict[str, Any]]:
    """The records of `units` (`extract.work_units`), computed by the cluster, as they finish."""
    from distributed import as_completed

    futures = client.map(process_unit, units, ocr=ocr, pure=False)
    unit_of = {f.key: u for f, u in zip(futures, units)}
    for future in as_completed(futures):
        try:
            records = future.result()
        except Exception as exc:  # noqa: BLE001 - a lost worker costs its unit, not the batch
            unit = unit_of[future.key]
            where = f"{unit.path}#{unit.lines[0]}-{unit.lines[1]}" if unit.lines else str(unit.path)
            records = [failure_record(where, f"failed on the cluster: {type(exc).__name__}: {exc}")]
        future.release()
        yield from records


def records_bag(paths: Iterable[str | Path], ocr: bool = False, bulk_chunk: int = BULK_CHUNK) -> Any:
    """A dask.bag of the records under `paths`, one partition per unit; compute it with any
    scheduler (`.compute()`, or the notebook's active `Client`)."""
    try:
        import dask.bag as db
    except ImportError as exc:
        raise ClusterError(f"Dask is not installed: {INSTALL_HINT}") from exc
    units = work_units(paths, bulk_chunk=bulk_chunk)
    return db.from_sequence(units, npartitions=max(1, len(units))).map(process_unit, ocr=ocr).flatten()
