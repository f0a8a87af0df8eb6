"""Where extraction runs: parsing ``local:N`` / ``tcp://HOST:PORT`` and opening a Dask client."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import dask
from distributed import Client, LocalCluster

from warledger.errors import ClusterError, ConfigError

# How long to wait for an existing scheduler before saying it cannot be reached.
CONNECT_TIMEOUT_S = 30
_LOCAL = re.compile(r"local:(\d+)")
_SCHEDULER = re.compile(r"tcp://[^\s:/]+:\d+")
# Settings of a LocalCluster, which only extracts: measured on the benchmark corpus, its processes
# use about a tenth less CPU per document with them.
LOCAL_SETTINGS: dict[str, object] = {
    # Setting any glibc malloc threshold turns off its adaptive mmap threshold, so each batch's
    # large spaCy arrays would be mapped and page-faulted afresh (twice the system time).
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    # Stack sampling for the dashboard, which a LocalCluster here never serves.
    "distributed.worker.profile.enabled": False,
    # Monitoring only (event-loop lag, host metrics, memory limits): checked less often.
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
}


@dataclass(frozen=True)
class ClusterAddress:
    """A LocalCluster of ``workers`` processes, or the existing scheduler at ``scheduler``."""

    workers: int | None = None
    scheduler: str | None = None

    @classmethod
    def parse(cls, text: str) -> ClusterAddress:
        """``local:N`` (N >= 1) or ``tcp://HOST:PORT``; anything else raises ConfigError."""
        text = text.strip()
        if local := _LOCAL.fullmatch(text):
            workers = int(local.group(1))
            if workers >= 1:
                return cls(workers=workers)
        elif _SCHEDULER.fullmatch(text):
            return cls(scheduler=text)
        raise ConfigError(
            f"--dask {text!r}: give local:N (N worker processes on this machine, N >= 1) "
            "or tcp://HOST:PORT (an existing Dask scheduler)"
        )

    def __str__(self) -> str:
        return self.scheduler or f"local:{self.workers}"


@contextmanager
def connect(address: ClusterAddress, timeout: float = CONNECT_TIMEOUT_S) -> Iterator[Client]:
    """A client of the cluster; a LocalCluster is started here and shut down on leaving."""
    if address.scheduler is None:
        # One thread per worker: spaCy and the extractors hold the GIL, so threads would only queue.
        with dask.config.set(LOCAL_SETTINGS), LocalCluster(
            n_workers=address.workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        ) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(address.scheduler, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(
            f"Dask scheduler {address.scheduler} cannot be reached ({exc}); start one with "
            "`dask scheduler` and workers with `dask worker ADDRESS`, or use --dask local:N"
        ) from exc
    with client:
        yield client
