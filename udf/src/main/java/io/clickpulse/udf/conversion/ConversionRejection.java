package io.clickpulse.udf.conversion;

/** A rejected conversion: the reason code and a short human-readable detail naming the field. */
public record ConversionRejection(ConversionRejectReason reason, String detail) {}
