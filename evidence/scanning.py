"""The virus-scan hook: ``settings.EVIDENCE_SCAN_COMMAND``, run with the file on stdin before
it is stored. Exit status 0 accepts the file; any other status, or no answer within
``EVIDENCE_SCAN_SECONDS``, refuses it. Unset, files are not scanned.

For ClamAV, ``clamdscan --no-summary -`` (or ``clamscan --no-summary -``) does this.
"""

from __future__ import annotations

import logging
import shlex
import subprocess
from typing import IO

from django.conf import settings

log = logging.getLogger(__name__)


def scan_refuses(handle: IO[bytes]) -> bool:
    """True when the scan command refuses the file (or fails to answer)."""
    command = settings.EVIDENCE_SCAN_COMMAND
    if not command:
        return False
    handle.seek(0)
    # A file on disk is handed over as it is; one held in memory is piped in.
    feed = {"stdin": handle} if _has_fileno(handle) else {"input": handle.read()}
    try:
        done = subprocess.run(
            shlex.split(command),
            **feed,
            capture_output=True,
            timeout=settings.EVIDENCE_SCAN_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        log.exception("The evidence scan command did not answer; the file is refused")
        return True
    finally:
        handle.seek(0)
    if done.returncode != 0:
        log.warning(
            "The evidence scan refused a file (exit %s): %s",
            done.returncode,
            done.stdout.decode(errors="replace")[:300],
        )
    return done.returncode != 0


def _has_fileno(handle: IO[bytes]) -> bool:
    try:
        handle.fileno()
    except (AttributeError, OSError, ValueError):
        return False
    return True
