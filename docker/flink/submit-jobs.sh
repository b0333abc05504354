#!/usr/bin/env bash
# Submits the pipeline and the delivery job to the session cluster (secrets come from the environment).
set -euo pipefail
JAR=/opt/flink/usrlib/clickpulse-jobs.jar
flink run -m jobmanager:8081 -d -c io.clickpulse.jobs.ClickPipelineJob "$JAR" \
  --kafka.bootstrap-servers kafka:9092 \
  --clickhouse.url jdbc:clickhouse://clickhouse:8123/clickpulse \
  --clickhouse.user clickpulse_writer \
  --clickhouse.apply-migrations false
flink run -m jobmanager:8081 -d -c io.clickpulse.jobs.AlertDeliveryJob "$JAR" \
  --kafka.bootstrap-servers kafka:9092 \
  --clickhouse.url jdbc:clickhouse://clickhouse:8123/clickpulse \
  --clickhouse.user clickpulse_writer \
  --clickhouse.apply-migrations false \
  --delivery.config-file /etc/clickpulse/delivery.yaml
