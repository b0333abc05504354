package io.clickpulse.stack;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

/**
 * A real standalone ZooKeeper server (Apache ZooKeeper from Maven Central) in its own JVM on a free
 * loopback port: what the standalone Flink cluster's JobManager high availability keeps its leader
 * and job metadata in. It runs on the broker's classpath (see this module's pom).
 */
public final class ZooKeeperServer implements AutoCloseable {
  private final ManagedProcess process;
  private final int port;

  private ZooKeeperServer(ManagedProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts a server with its data under {@code dir}. */
  public static ZooKeeperServer start(Path dir) {
    WorkDirs.createDirectories(dir);
    int port = Ports.freeLoopbackPort();
    Path config = dir.resolve("zoo.cfg");
    try {
      Files.writeString(
          config,
          String.join(
              "\n",
              "dataDir=" + WorkDirs.createDirectories(dir.resolve("data")),
              "clientPort=" + port,
              "clientPortAddress=127.0.0.1",
              "tickTime=2000",
              "maxClientCnxns=0",
              // The admin server would listen on 8080 of every interface.
              "admin.enableServer=false",
              // srvr, for the readiness check.
              "4lw.commands.whitelist=ruok,srvr",
              ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> command =
        List.of(
            Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-Dzookeeper.jmx.log4j.disable=true",
            "-cp",
            ClasspathResource.read(ZooKeeperServer.class, "kafka-broker.classpath"),
            "org.apache.zookeeper.server.quorum.QuorumPeerMain",
            config.toString());
    ManagedProcess process =
        ManagedProcess.start("zookeeper", command, dir, dir.resolve("zookeeper.out"));
    ZooKeeperServer server = new ZooKeeperServer(process, port);
    try {
      process.awaitReady(server::isReady, Duration.ofSeconds(60));
      return server;
    } catch (IllegalStateException e) {
      process.stop();
      throw e;
    }
  }

  /** The connect string clients use: {@code 127.0.0.1:port}. */
  public String connectString() {
    return "127.0.0.1:" + port;
  }

  public long pid() {
    return process.pid();
  }

  /**
   * Serving: ZooKeeper's four-letter {@code srvr} names its mode ({@code ruok} answers {@code imok}
   * before the server takes requests).
   */
  private boolean isReady() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      out.write("srvr".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
          .contains("Mode: standalone");
    } catch (IOException notYet) {
      return false;
    }
  }

  @Override
  public void close() {
    process.close();
  }
}
