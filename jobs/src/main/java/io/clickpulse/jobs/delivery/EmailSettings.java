package io.clickpulse.jobs.delivery;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.List;

/**
 * An email destination with its credentials read: where to connect, how (TLS), and who sends and
 * receives. Lives only in the task that sends; {@link #toString} never shows the credentials.
 *
 * @param trustStoreFile PEM certificates to trust instead of the JVM's CAs (a private CA), or null
 */
public record EmailSettings(
    String host,
    int port,
    Tls tls,
    InternetAddress from,
    List<InternetAddress> to,
    String username,
    String password,
    String trustStoreFile) {

  /** How the connection is protected. */
  public enum Tls {
    /** Plain connect, then STARTTLS, required: never falls back to plain text. Port 587. */
    STARTTLS(587),
    /** TLS from the first byte (SMTPS). Port 465. */
    IMPLICIT(465),
    /** No TLS: only for hosts in {@code outbound.allowed-hosts} (a local relay). Port 25. */
    NONE(25);

    final int defaultPort;

    Tls(int defaultPort) {
      this.defaultPort = defaultPort;
    }

    /** {@code starttls}, {@code implicit} or {@code none}; null for anything else. */
    static Tls parse(String value) {
      if (value == null) {
        return STARTTLS;
      }
      return switch (value) {
        case "starttls" -> STARTTLS;
        case "implicit" -> IMPLICIT;
        case "none" -> NONE;
        default -> null;
      };
    }
  }

  /** A strict RFC 822 address (jakarta.mail's own check), or throws naming {@code key}. */
  static InternetAddress address(String key, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(key + " is required");
    }
    try {
      InternetAddress a = new InternetAddress(value.strip(), true);
      a.validate();
      if (a.isGroup()) {
        throw new AddressException("a group is not a mailbox");
      }
      return a;
    } catch (AddressException e) {
      throw new IllegalArgumentException(
          key + " is not a valid email address: '" + value + "' (" + e.getMessage() + ")");
    }
  }

  /** The server, for messages and the URL column: never the credentials. */
  public String display() {
    return (tls == Tls.IMPLICIT ? "smtps://" : "smtp://") + host + ":" + port;
  }

  @Override
  public String toString() {
    return "EmailSettings{" + display() + ", " + tls + "}";
  }
}
