package io.clickpulse.jobs.crm;

import io.clickpulse.udf.crm.CrmSignal;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Where CRM signals go: the Kafka topic (exactly once, keyed by signal id) and the {@code
 * crm_signals} table (idempotent: it replaces by signal id).
 */
public record CrmSinks(Sink<CrmSignal> topic, Sink<CrmSignal> table) {}
