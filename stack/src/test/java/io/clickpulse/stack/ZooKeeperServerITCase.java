package io.clickpulse.stack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The ZooKeeper server the HA cluster uses starts from the Maven jars and serves on loopback. */
@Tag("engines")
class ZooKeeperServerITCase {
  @Test
  void startsStandaloneOnLoopbackAndStopsByPid() throws Exception {
    Path dir = WorkDirs.newRunDir("zookeeper-test");
    ZooKeeperServer server = ZooKeeperServer.start(dir);
    long pid = server.pid();
    try {
      assertTrue(server.connectString().startsWith("127.0.0.1:"), server.connectString());
      String status = fourLetters(server.connectString(), "srvr");
      assertTrue(status.contains("Mode: standalone"), status);
    } finally {
      server.close();
    }
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "stopped");
  }

  private static String fourLetters(String connectString, String command) throws Exception {
    String[] hostPort = connectString.split(":");
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 2000);
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(command.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }
  }
}
