package io.clickpulse.udf.link;

/** A rejected link event: the reason code and a short human-readable detail naming the field. */
public record LinkRejection(LinkRejectReason reason, String detail) {}
