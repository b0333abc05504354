package io.clickpulse.udf.link;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Collects the link events of one bulk import (one {@code import_id}) into the QA summary sent once
 * the burst is over: duplicate destinations, UTM problems, redirect chains and links on unexpected
 * domains. A pure accumulator: the caller decides when the import is over.
 *
 * <p>Counts links, not events: a link created and then updated within the import counts once, with
 * its latest version.
 */
public final class ImportSummary implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String importId;

  /** Per link id, its latest version's problems; sorted so the report is deterministic. */
  private final TreeMap<String, Entry> links = new TreeMap<>();

  private long firstEventTime = Long.MAX_VALUE;
  private long lastEventTime = Long.MIN_VALUE;

  public ImportSummary(String importId) {
    this.importId = Objects.requireNonNull(importId, "importId");
  }

  /** What the summary keeps of one link. */
  private record Entry(
      long version,
      String destination,
      String redirectChain,
      String unexpectedDomain,
      UtmProblems utm)
      implements Serializable {}

  /**
   * Adds a created or updated event of this import; returns false (and ignores it) for another
   * import, another type, or an older version of a link already added.
   */
  public boolean add(LinkEvent event, LinkChecks checks) {
    if (!importId.equals(event.importId)
        || !(event.type == LinkEventType.CREATED || event.type == LinkEventType.UPDATED)) {
      return false;
    }
    Entry previous = links.get(event.linkId);
    if (previous != null && previous.version() >= event.version) {
      return false;
    }
    String domain = event.linkDomain();
    links.put(
        event.linkId,
        new Entry(
            event.version,
            LinkUrls.normalize(event.destinationUrl),
            checks.isRedirectChain(event) ? event.destinationUrl : null,
            checks.unexpectedDomain(domain) ? domain : null,
            checks.utmProblems(event)));
    firstEventTime = Math.min(firstEventTime, event.eventTime);
    lastEventTime = Math.max(lastEventTime, event.eventTime);
    return true;
  }

  public String importId() {
    return importId;
  }

  public int links() {
    return links.size();
  }

  /** The summary so far. */
  public Report report() {
    Map<String, List<String>> byDestination = new TreeMap<>();
    Map<String, List<String>> missing = new LinkedHashMap<>();
    Map<String, Map<String, String>> unknown = new LinkedHashMap<>();
    Map<String, Map<String, String>> malformed = new LinkedHashMap<>();
    Map<String, String> chains = new LinkedHashMap<>();
    Map<String, String> domains = new LinkedHashMap<>();
    links.forEach(
        (linkId, e) -> {
          if (e.destination() != null) {
            byDestination.computeIfAbsent(e.destination(), d -> new ArrayList<>()).add(linkId);
          }
          if (!e.utm().missing().isEmpty()) {
            missing.put(linkId, e.utm().missing());
          }
          if (!e.utm().unknown().isEmpty()) {
            unknown.put(linkId, e.utm().unknown());
          }
          if (!e.utm().malformed().isEmpty()) {
            malformed.put(linkId, e.utm().malformed());
          }
          if (e.redirectChain() != null) {
            chains.put(linkId, e.redirectChain());
          }
          if (e.unexpectedDomain() != null) {
            domains.put(linkId, e.unexpectedDomain());
          }
        });
    Map<String, List<String>> duplicates = new LinkedHashMap<>();
    byDestination.forEach(
        (destination, ids) -> {
          if (ids.size() > 1) {
            duplicates.put(destination, List.copyOf(ids));
          }
        });
    return new Report(
        importId,
        links.size(),
        links.isEmpty() ? 0 : firstEventTime,
        links.isEmpty() ? 0 : lastEventTime,
        Collections.unmodifiableMap(duplicates),
        Collections.unmodifiableMap(missing),
        Collections.unmodifiableMap(unknown),
        Collections.unmodifiableMap(malformed),
        Collections.unmodifiableMap(chains),
        Collections.unmodifiableMap(domains));
  }

  /**
   * The QA summary of one import. Maps are keyed by link id in link id order, except {@code
   * duplicateDestinations}: normalized destination to the link ids sharing it.
   */
  public record Report(
      String importId,
      int links,
      long firstEventTime,
      long lastEventTime,
      Map<String, List<String>> duplicateDestinations,
      Map<String, List<String>> missingUtm,
      Map<String, Map<String, String>> unknownUtm,
      Map<String, Map<String, String>> malformedUtm,
      Map<String, String> redirectChains,
      Map<String, String> unexpectedDomains) {

    /** Whether the import has none of the problems the summary looks for. */
    public boolean clean() {
      return duplicateDestinations.isEmpty()
          && missingUtm.isEmpty()
          && unknownUtm.isEmpty()
          && malformedUtm.isEmpty()
          && redirectChains.isEmpty()
          && unexpectedDomains.isEmpty();
    }

    /** Links with at least one problem. */
    public int linksWithProblems() {
      java.util.Set<String> ids = new java.util.TreeSet<>();
      duplicateDestinations.values().forEach(ids::addAll);
      ids.addAll(missingUtm.keySet());
      ids.addAll(unknownUtm.keySet());
      ids.addAll(malformedUtm.keySet());
      ids.addAll(redirectChains.keySet());
      ids.addAll(unexpectedDomains.keySet());
      return ids.size();
    }
  }
}
