package io.clickpulse.reliability;

/** One scenario's own Kafka topics and ClickHouse database, so scenarios never see each other. */
record Scenario(String name) {
  String rawTopic() {
    return name + ".clicks.raw";
  }

  String deadLetterTopic() {
    return name + ".clicks.dlq";
  }

  String alertsTopic() {
    return name + ".alerts";
  }

  String deliveryDeadLetterTopic() {
    return name + ".alerts.dlq";
  }

  String database() {
    return name;
  }

  /** Creates the pipeline's topics with two partitions each. */
  Scenario createPipelineTopics(ReliabilityStack stack) {
    stack
        .kafka()
        .createTopics(ReliabilityStack.SLOTS, rawTopic(), deadLetterTopic(), alertsTopic());
    return this;
  }
}
