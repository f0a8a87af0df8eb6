"""Extraction on a Dask cluster: a LocalCluster (``local:N``) or an existing scheduler (``tcp://``).

Workers load the pipeline once and extract partitions of documents; the driver keeps the only
connection to the ledger and stores the results in input order, so a Dask ingest writes exactly
what a single-process ingest writes.
"""

from warledger.scale.cluster import ClusterAddress, connect
from warledger.scale.runner import DaskExtractor

__all__ = ["ClusterAddress", "DaskExtractor", "connect"]
