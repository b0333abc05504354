package io.clickpulse.jobs.pipeline;

import io.clickpulse.jobs.json.JsonSerialization;

/** Dead letters as JSON on the dead-letter topic. */
public class DeadLetterSerialization extends JsonSerialization<DeadLetter> {}
