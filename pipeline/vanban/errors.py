"""The one exception the command line turns into a message: something the user can fix.

Library code raises a subclass (`StoreError`, `ClusterError` …) with a message that names the
file or the setting at fault; `vanban` prints it on one line and exits 1, with no traceback.
Kept in a module of its own, importing nothing, so that the command line can catch it
without loading the stages.
"""

from __future__ import annotations


class UserError(Exception):
    """An input, an output or a setting that cannot be used; the message says which and why."""
