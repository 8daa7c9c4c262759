"""Job handlers for the worker tests, imported by the test worker (GUSP_EXTRA_JOB_MODULES): one that kills
its own worker process the first time (or every time), as a crash or an out-of-memory kill would."""

import os
import signal
from pathlib import Path

from gusp.core.jobs import handler


@handler("tests.kill_worker", max_attempts=3)
def kill_worker(job, *, flag: str, always: bool = False) -> str:
    marker = Path(flag)
    if always or not marker.exists():
        marker.write_text("killed")
        os.kill(os.getpid(), signal.SIGKILL)
    return "survived"
