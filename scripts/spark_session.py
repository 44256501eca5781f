"""The local Spark session of the `spark` target, for scripts outside dbt.

Builds the session from `server_side_parameters` of the spark output in
profiles.yml (rendering its env_var() calls), so the loader sees the catalog
dbt builds into, with one place to change the settings.
"""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import yaml

ROOT = Path(__file__).resolve().parent.parent


def spark_settings() -> dict[str, str]:
    def env_var(name: str, default: str | None = None) -> str:
        value = os.environ.get(name, default)
        if value is None:
            raise KeyError(f"environment variable {name} is not set")
        return value

    profile = yaml.safe_load((ROOT / "profiles.yml").read_text())["loyalty"]["outputs"]["spark"]
    render = jinja2.Environment(undefined=jinja2.StrictUndefined)
    return {key: render.from_string(str(value)).render(env_var=env_var)
            for key, value in profile["server_side_parameters"].items()}


def spark_session():
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.enableHiveSupport()
    for key, value in spark_settings().items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session
