package io.clickpulse.jobs.settings;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Properties;

/**
 * A secret setting that stays out of the job graph (and so out of the blob store, the HA storage
 * and savepoint metadata): what travels with the job is where the secret is, an environment
 * variable or a key of the {@code --config} properties file, and each task reads it in {@code
 * open()} on its TaskManager, which must have the same environment or file. Only a secret passed as
 * an argument travels as itself (tests and one-off commands; the jobs warn about it). {@link
 * #toString()} never shows the value.
 */
public final class Secret implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String environmentVariable;
  private final String file;
  private final String key;
  private final String inline;

  private Secret(String environmentVariable, String file, String key, String inline) {
    this.environmentVariable = environmentVariable;
    this.file = file;
    this.key = key;
    this.inline = inline;
  }

  /** The value itself: it is serialized with whatever holds it. */
  public static Secret inline(String value) {
    return new Secret(null, null, null, value == null ? "" : value);
  }

  /** The value of environment variable {@code name} where it is read. */
  public static Secret environment(String name) {
    return new Secret(name, null, null, null);
  }

  /** The value of {@code key} in the properties file {@code file} where it is read. */
  public static Secret file(String file, String key) {
    return new Secret(null, file, key, null);
  }

  /** Whether the value itself travels with this object (passed as an argument). */
  public boolean isInline() {
    return inline != null;
  }

  /** Reads the value here and now; an absent variable or key is an error naming it. */
  public String reveal() {
    if (inline != null) {
      return inline;
    }
    if (environmentVariable != null) {
      String value = System.getenv(environmentVariable);
      if (value == null) {
        throw new IllegalStateException(
            environmentVariable + " is not set in this process's environment");
      }
      return value;
    }
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(Paths.get(file))) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read secret '" + key + "' from " + file, e);
    }
    String value = properties.getProperty(key);
    if (value == null) {
      throw new IllegalStateException("No '" + key + "' in " + file);
    }
    return value.strip();
  }

  /** Where the secret comes from, never the value: this is what gets logged. */
  @Override
  public String toString() {
    if (inline != null) {
      return "<secret given inline>";
    }
    return environmentVariable != null
        ? "<secret from $" + environmentVariable + ">"
        : "<secret '" + key + "' from " + file + ">";
  }
}
