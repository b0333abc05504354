package io.clickpulse.udf.enrich;

import java.util.List;

/**
 * Normalized UTM values. Sources and mediums come from the taxonomy; values it does not know are
 * kept cleaned and listed in {@code unknownFields}. Absent values are empty strings.
 */
public record NormalizedUtm(
    String source,
    String medium,
    String campaign,
    String term,
    String content,
    String channel,
    List<String> unknownFields,
    String taxonomyVersion) {}
