package io.clickpulse.udf.event;

/** A rejected record: the reason code and a short human-readable detail. */
public record Rejection(RejectReason reason, String detail) {}
