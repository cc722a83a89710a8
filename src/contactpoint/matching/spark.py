"""Splink's Spark backend, for a national load that outgrows one machine.

pyspark is an optional extra (`pip install contactpoint[spark]`) and needs Java; the same
trained model runs here unchanged. Locally this starts a small in-process Spark; on a
cluster, set SPARK_REMOTE or the usual Spark configuration instead.
"""

from __future__ import annotations

import shutil
from functools import lru_cache
from typing import Any


class SparkUnavailableError(RuntimeError):
    pass


def spark_available() -> str | None:
    """None when Spark can run here, or the reason it cannot."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed: pip install 'contactpoint[spark]'"
    if shutil.which("java") is None:
        return "Java is not installed: Spark needs a Java runtime (17 or newer)"
    return None


@lru_cache(maxsize=1)
def spark_session() -> Any:
    reason = spark_available()
    if reason:
        raise SparkUnavailableError(reason)
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    return (
        SparkSession.builder.master("local[2]")
        .config("spark.jars", similarity_jar_location())  # Splink's string-similarity UDFs
        .appName("contactpoint-matching")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )


def spark_api() -> Any:
    from splink import SparkAPI

    return SparkAPI(  # type: ignore[no-untyped-call]
        spark_session=spark_session(), break_lineage_method="persist"
    )
