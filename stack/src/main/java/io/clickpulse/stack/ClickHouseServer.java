package io.clickpulse.stack;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real ClickHouse engine serving its HTTP interface on a loopback port, in its own process.
 *
 * <p>The launcher keeps the engine running while its stdin is open; {@link #close()} closes it and
 * the engine shuts down normally. If this JVM dies, the pipe closes too, so no engine is orphaned.
 */
public final class ClickHouseServer implements AutoCloseable {
  private static final int START_ATTEMPTS = 3;

  private final ManagedProcess process;
  private final Path dataDir;
  private final Path configFile;
  private final Map<String, String> environment;
  private final int httpPort;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private ClickHouseServer(
      ManagedProcess process,
      Path dataDir,
      Path configFile,
      Map<String, String> environment,
      int httpPort) {
    this.process = process;
    this.dataDir = dataDir;
    this.configFile = configFile;
    this.environment = environment;
    this.httpPort = httpPort;
  }

  /** Starts an engine on {@code dataDir} (created if missing) and a free loopback port. */
  public static ClickHouseServer start(Path dataDir) {
    return start(dataDir, null);
  }

  /**
   * Starts an engine with an optional ClickHouse server config file (users, memory limits). Retries
   * with another port if the chosen one was taken in the meantime.
   */
  public static ClickHouseServer start(Path dataDir, Path configFile) {
    return start(dataDir, configFile, Map.of());
  }

  /**
   * As above, with {@code environment} for the engine process: what a config file's {@code
   * from_env} attributes read (passwords, for example).
   */
  public static ClickHouseServer start(
      Path dataDir, Path configFile, Map<String, String> environment) {
    IllegalStateException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        return start(dataDir, configFile, environment, Ports.freeLoopbackPort());
      } catch (IllegalStateException e) {
        last = e;
      }
    }
    throw last;
  }

  /**
   * Starts the engine again after {@link #close()} or {@link #kill()}: same data dir, config,
   * environment and port, so that clients configured with its URL reconnect, as after a server
   * restart in production.
   */
  public ClickHouseServer startAgain() {
    if (process.isAlive()) {
      throw new IllegalStateException("ClickHouse on port " + httpPort + " is still running");
    }
    return start(dataDir, configFile, environment, httpPort);
  }

  private static ClickHouseServer start(
      Path dataDir, Path configFile, Map<String, String> environment, int port) {
    ClickHouseEngine engine = ClickHouseEngine.prepare();
    WorkDirs.createDirectories(dataDir);
    List<String> command = new ArrayList<>();
    command.add(engine.launcher().toString());
    command.add(engine.library().toString());
    command.add("--path=" + dataDir.toAbsolutePath() + "/");
    command.add("--http_port=" + port);
    command.add("--listen_host=127.0.0.1");
    if (configFile != null) {
      command.add("--config-file=" + configFile.toAbsolutePath());
    }
    ManagedProcess process =
        ManagedProcess.start(
            "clickhouse", command, dataDir, dataDir.resolve("clickhouse.log"), environment);
    ClickHouseServer server =
        new ClickHouseServer(process, dataDir, configFile, Map.copyOf(environment), port);
    try {
      process.awaitReady(server::ping, Duration.ofSeconds(60));
      return server;
    } catch (IllegalStateException e) {
      process.stop();
      throw e;
    }
  }

  public int httpPort() {
    return httpPort;
  }

  public String httpUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  /** A clickhouse-jdbc URL for {@code database}. */
  public String jdbcUrl(String database) {
    return "jdbc:clickhouse://127.0.0.1:" + httpPort + "/" + database;
  }

  public Path dataDir() {
    return dataDir;
  }

  public long pid() {
    return process.pid();
  }

  public boolean ping() {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(httpUrl() + "/ping"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Runs one statement over HTTP as user {@code default} and returns the body (TabSeparated unless
   * the statement says otherwise). For tools and tests; the jobs use JDBC.
   */
  public String query(String sql) {
    return query(sql, Map.of());
  }

  /** Runs a statement with query parameters ({@code {name:Type}} in the SQL). */
  public String query(String sql, Map<String, String> parameters) {
    return query(sql, parameters, "default");
  }

  /** Runs a statement with query parameters, unqualified table names meaning {@code database}. */
  public String query(String sql, Map<String, String> parameters, String database) {
    return query(sql, parameters, database, "default", "");
  }

  /** Runs a statement as {@code user}: for checking what an account may and may not do. */
  public String query(
      String sql, Map<String, String> parameters, String database, String user, String password) {
    StringBuilder url =
        new StringBuilder(httpUrl())
            .append("/?database=")
            .append(URLEncoder.encode(database, StandardCharsets.UTF_8))
            .append('&');
    parameters.forEach(
        (name, value) ->
            url.append("param_")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8))
                .append('&'));
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url.toString()))
                  .timeout(Duration.ofMinutes(5))
                  // Headers, not the URL: a password in a URL ends up in access logs.
                  .header("X-ClickHouse-User", user)
                  .header("X-ClickHouse-Key", password)
                  .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8))
                  .build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "ClickHouse rejected the query (HTTP "
                + response.statusCode()
                + "): "
                + response.body().strip());
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException("ClickHouse at " + httpUrl() + " is not reachable: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }

  /** Simulates a crash: SIGKILL. The data dir keeps every completed insert. */
  public void kill() {
    process.kill();
  }

  @Override
  public void close() {
    process.close();
  }

  /** The engine's log, for failure messages. */
  public String logTail() {
    return process.logTail();
  }
}
