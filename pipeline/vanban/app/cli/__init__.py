"""`vanban`: the command line (click), a thin shell over the importable functions.

One module per group of commands: `extract`, `query` (ask, lineage, serve), `tables` (graph,
export), `evaluate`; `common` holds what they share (messages and exit codes, output files
written whole or not at all, option types) and `progress` the progress bar. Command modules
import the pipeline inside the commands, so `vanban --help` starts without pandas, networkx,
spaCy, underthesea or pdfium.
"""

from vanban.app.cli.main import cli, main

__all__ = ["cli", "main"]
