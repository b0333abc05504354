package io.clickpulse.jobs.pipeline;

/** Dead letters as JSON on the dead-letter topic. */
public class DeadLetterSerialization extends JsonSerialization<DeadLetter> {}
