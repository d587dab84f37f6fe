"""Files written whole or not at all, readable as any new file of the user's would be."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

_UMASK = os.umask(0o022)  # read once, at import, and put back at once (os.umask can only be read by setting it)
os.umask(_UMASK)


@contextmanager
def replacing(path: Path, suffix: str = ".partial"):
    """Yield the name of a new temporary file beside `path`; when the block ends without an error it
    replaces `path` with the permissions a new file gets from the user's umask (a temporary file alone
    would stay readable by its owner only: a board paper on a shared drive that no one else can open),
    and otherwise it is removed and `path` is left as it was."""
    handle, temp = tempfile.mkstemp(dir=path.parent, suffix=suffix)
    os.close(handle)
    try:
        yield temp
        os.chmod(temp, 0o666 & ~_UMASK)
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
