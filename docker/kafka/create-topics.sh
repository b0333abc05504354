#!/usr/bin/env bash
# Creates ClickPulse's topics once; the jobs refuse to start without them.
set -euo pipefail
for topic in clicks.raw clicks.dlq alerts alerts.dlq; do
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server kafka:9092 --create --if-not-exists \
    --topic "$topic" --partitions 4 --replication-factor 1
done
