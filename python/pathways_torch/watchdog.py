"""Ends this rank when the process that launched the run is gone (`PATHWAYS_PARENT_PID`): the app's job worker
can be killed outright (a cancelled job), and then no rank may keep training, or keep its GPU, on its own."""
import os
import threading
import time

POLL_SECONDS = 0.25


def _alive(pid):
    """Whether `pid` runs: not gone, and (where /proc tells) not a zombie its parent has yet to reap."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
    except OSError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def watch_parent(pid, poll=POLL_SECONDS):
    """A daemon thread that exits the process (status 3) once `pid` has ended."""

    def loop():
        while _alive(pid):
            time.sleep(poll)
        os._exit(3)

    threading.Thread(target=loop, name="pathways-parent-watchdog", daemon=True).start()


def watch_parent_from_env(environ=os.environ):
    pid = environ.get("PATHWAYS_PARENT_PID")
    if pid:
        watch_parent(int(pid))
