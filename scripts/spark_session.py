"""The local Spark session of the `spark` target, for scripts outside dbt.

Mirrors `server_side_parameters` of the spark output in profiles.yml, so the
loader and the cross-engine tests see the catalog dbt builds into.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def spark_dir() -> str:
    return os.environ.get("LOYALTY_SPARK_DIR", str(ROOT / "warehouse" / "spark"))


def spark_session():
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    base = spark_dir()
    settings = {
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.warehouse.dir": f"{base}/tables",
        "spark.hadoop.javax.jdo.option.ConnectionURL": f"jdbc:derby:;databaseName={base}/metastore_db;create=true",
        "spark.driver.memory": "2g",
        "spark.sql.shuffle.partitions": "4",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
    }
    builder = SparkSession.builder.enableHiveSupport()
    for key, value in settings.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session
