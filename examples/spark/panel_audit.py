"""The analysis of examples/duckdb/panel-audit.sql as a PySpark job: a
folder of JSONL audit exports, one file per panelist, read as they are.

    spark-submit examples/spark/panel_audit.py EXPORTS_FOLDER
    python3 examples/spark/panel_audit.py EXPORTS_FOLDER   # local mode

Prints receipts by month and category across panelists, kinds withheld and
health consents by month, then `rows read: N` and the time taken.
"""

import sys
import time

from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import BooleanType, LongType, MapType, StringType, StructField, StructType

# Only the members the analysis reads; the others are skipped by the reader.
RECORD = StructType(
    [
        StructField("type", StringType()),
        StructField("month", StringType()),
        StructField("category", StringType()),
        StructField("withheld", MapType(StringType(), LongType())),
        StructField("health_consent", BooleanType()),
    ]
)


def main(folder: str) -> None:
    spark = SparkSession.builder.appName("panel-audit").master("local[*]").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    start = time.perf_counter()
    records = spark.read.schema(RECORD).json(folder).withColumn("panelist", F.input_file_name())
    records = records.cache()
    rows = records.count()
    receipts = records.where(F.col("type") == "receipt")
    receipts.groupBy("month", "category").agg(
        F.count("*").alias("receipts"), F.countDistinct("panelist").alias("panelists")
    ).orderBy("month", "category").show(50, truncate=False)
    receipts.select(F.explode("withheld").alias("kind", "n")).groupBy("kind").agg(
        F.sum("n").alias("times")
    ).orderBy("kind").show(50, truncate=False)
    receipts.groupBy("month").agg(
        F.count(F.when(F.col("health_consent"), 1)).alias("with_health_consent"),
        F.count("*").alias("receipts"),
    ).orderBy("month").show(50, truncate=False)
    print(f"rows read: {rows}")
    print(f"time: {time.perf_counter() - start:.1f} s (local mode, {spark.sparkContext.defaultParallelism} cores)")
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1])
