package io.clickpulse.jobs.settings;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.util.TimeUtils;

/**
 * Raw settings by key, from (highest precedence first) command-line arguments {@code --key value}
 * or {@code --key=value}, environment variables ({@code CLICKPULSE_} + key upper-cased with dots
 * and dashes as underscores), and a properties file named by {@code --config} or {@code
 * CLICKPULSE_CONFIG}.
 *
 * <p>Typed getters record every problem instead of failing on the first, so that {@link
 * #validate()} can report all of them at once, each naming its setting.
 */
public final class Settings {
  public static final String CONFIG_FILE_KEY = "config";
  private static final String ENV_PREFIX = "CLICKPULSE_";

  private final Map<String, String> args;
  private final Map<String, String> env;
  private final Map<String, String> file;
  private final String fileName;
  private final Set<String> known = new LinkedHashSet<>();
  private final List<String> problems = new ArrayList<>();

  private Settings(
      Map<String, String> args,
      Map<String, String> env,
      Map<String, String> file,
      String fileName) {
    this.args = args;
    this.env = env;
    this.file = file;
    this.fileName = fileName;
    known.add(CONFIG_FILE_KEY);
  }

  public static Settings load(String[] arguments, Map<String, String> environment) {
    Map<String, String> args = parseArgs(arguments);
    String configFile = args.getOrDefault(CONFIG_FILE_KEY, environment.get(ENV_PREFIX + "CONFIG"));
    return new Settings(
        args, environment, configFile == null ? Map.of() : readFile(configFile), configFile);
  }

  /** Settings from a map only (tests, embedding). */
  public static Settings of(Map<String, String> values) {
    return new Settings(new HashMap<>(values), Map.of(), Map.of(), null);
  }

  public static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private String raw(String key) {
    known.add(key);
    if (args.containsKey(key)) {
      return args.get(key);
    }
    String fromEnv = env.get(envName(key));
    return fromEnv != null ? fromEnv : file.get(key);
  }

  public String string(String key, String defaultValue) {
    String value = raw(key);
    return value == null || value.isBlank() ? defaultValue : value.strip();
  }

  /**
   * A secret, or {@code defaultValue} inline when it is not set: from the environment or the config
   * file it is a reference the tasks resolve where they run ({@link Secret}); an argument is the
   * value itself. An empty value counts as not set.
   */
  public Secret secret(String key, String defaultValue) {
    String value = string(key, null);
    if (value == null) {
      return Secret.inline(defaultValue);
    }
    if (args.containsKey(key)) {
      return Secret.inline(value);
    }
    String name = envName(key);
    return env.get(name) != null ? Secret.environment(name) : Secret.file(fileName, key);
  }

  public String required(String key) {
    String value = string(key, null);
    if (value == null) {
      problems.add("'" + key + "' is required: pass --" + key + " or set " + envName(key));
    }
    return value;
  }

  public int integer(String key, int defaultValue, int min, int max) {
    String value = string(key, null);
    if (value == null) {
      return defaultValue;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed < min || parsed > max) {
        problems.add("'" + key + "' must be between " + min + " and " + max + ", was " + parsed);
      }
      return parsed;
    } catch (NumberFormatException e) {
      problems.add("'" + key + "' must be an integer, was '" + value + "'");
      return defaultValue;
    }
  }

  public boolean bool(String key, boolean defaultValue) {
    String value = string(key, null);
    if (value == null) {
      return defaultValue;
    }
    if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
      problems.add("'" + key + "' must be true or false, was '" + value + "'");
      return defaultValue;
    }
    return Boolean.parseBoolean(value);
  }

  /** A duration such as "30 s", "5 min", "24 h" or "500 ms"; must be positive. */
  public Duration duration(String key, Duration defaultValue) {
    String value = string(key, null);
    if (value == null) {
      return defaultValue;
    }
    try {
      Duration parsed = TimeUtils.parseDuration(value);
      if (parsed.isNegative() || parsed.isZero()) {
        problems.add("'" + key + "' must be positive, was '" + value + "'");
        return defaultValue;
      }
      return parsed;
    } catch (IllegalArgumentException e) {
      problems.add("'" + key + "' is not a duration like '30 s' or '24 h': '" + value + "'");
      return defaultValue;
    }
  }

  public <E extends Enum<E>> E choice(String key, E defaultValue) {
    String value = string(key, null);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Enum.valueOf(
          defaultValue.getDeclaringClass(), value.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      problems.add(
          "'"
              + key
              + "' must be one of "
              + List.of(defaultValue.getDeclaringClass().getEnumConstants())
                  .toString()
                  .toLowerCase(Locale.ROOT)
              + ", was '"
              + value
              + "'");
      return defaultValue;
    }
  }

  /** Records a problem found by a caller's own check. */
  public void problem(String message) {
    problems.add(message);
  }

  /** Fails with every problem found, and with command-line keys no getter asked for (typos). */
  public void validate() {
    List<String> all = new ArrayList<>(problems);
    for (String key : args.keySet()) {
      if (!known.contains(key)) {
        all.add("unknown setting '--" + key + "' (known: " + String.join(", ", known) + ")");
      }
    }
    if (!all.isEmpty()) {
      throw new ConfigException(all);
    }
  }

  private static Map<String, String> parseArgs(String[] arguments) {
    Map<String, String> parsed = new HashMap<>();
    for (int i = 0; i < arguments.length; i++) {
      String arg = arguments[i];
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new ConfigException(List.of("unexpected argument '" + arg + "': use --key value"));
      }
      String body = arg.substring(2);
      int eq = body.indexOf('=');
      if (eq >= 0) {
        parsed.put(body.substring(0, eq), body.substring(eq + 1));
      } else if (i + 1 < arguments.length && !arguments[i + 1].startsWith("--")) {
        parsed.put(body, arguments[++i]);
      } else {
        parsed.put(body, "true");
      }
    }
    return parsed;
  }

  private static Map<String, String> readFile(String name) {
    Path path = Paths.get(name);
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(path)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new ConfigException(
          List.of("cannot read config file " + path.toAbsolutePath() + ": " + e.getMessage()));
    }
    Map<String, String> values = new HashMap<>();
    properties.forEach((k, v) -> values.put(k.toString(), v.toString()));
    return values;
  }
}
