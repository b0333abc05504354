package io.clickpulse.jobs.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A receiver on a raw loopback socket that answers every request the same hostile way: a body
 * trickled a byte at a time, a body of gigabytes, or a redirect. It records how many requests came,
 * how many body bytes it got out and when the client hung up on it.
 */
final class HostileReceiver implements AutoCloseable {
  enum Behaviour {
    /** 200 with a Content-Length of 1 MB, then one byte every 50 ms. */
    TRICKLE,
    /** 500 with a 4 GB body, written as fast as the client reads. */
    HUGE,
    /** 302 to another path on the same server. */
    REDIRECT
  }

  static final long HUGE_BYTES = 4L << 30;

  private final ServerSocket server;
  private final Behaviour behaviour;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  final AtomicInteger requests = new AtomicInteger();
  final AtomicLong bodyBytesWritten = new AtomicLong();

  /** Counted down when the client closed a connection before its body was all written. */
  final CountDownLatch hungUp = new CountDownLatch(1);

  HostileReceiver(Behaviour behaviour) {
    this.behaviour = behaviour;
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    threads.execute(this::accept);
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getLocalPort() + path;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        threads.execute(() -> answer(s));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void answer(Socket socket) {
    try (socket) {
      readRequest(socket.getInputStream());
      requests.incrementAndGet();
      OutputStream out = socket.getOutputStream();
      switch (behaviour) {
        case TRICKLE -> {
          out.write(head("200 OK", "Content-Length: 1048576"));
          for (int i = 0; i < 1_048_576; i++) {
            out.write('x');
            out.flush();
            bodyBytesWritten.incrementAndGet();
            TimeUnit.MILLISECONDS.sleep(50); // the receiver trickles on purpose
          }
        }
        case HUGE -> {
          out.write(head("500 Internal Server Error", "Content-Length: " + HUGE_BYTES));
          byte[] chunk = new byte[64 * 1024];
          Arrays.fill(chunk, (byte) 'e');
          for (long written = 0; written < HUGE_BYTES; written += chunk.length) {
            out.write(chunk);
            bodyBytesWritten.addAndGet(chunk.length);
          }
        }
        case REDIRECT ->
            out.write(
                head("302 Found", "Location: " + url("/elsewhere") + "\r\nContent-Length: 0"));
      }
      out.flush();
    } catch (IOException clientHungUp) {
      hungUp.countDown();
    } catch (InterruptedException stopping) {
      Thread.currentThread().interrupt();
    }
  }

  private static byte[] head(String status, String headers) {
    return ("HTTP/1.1 " + status + "\r\n" + headers + "\r\nContent-Type: text/plain\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** Reads the request line, the headers and a Content-Length body. */
  private static void readRequest(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("closed before the request ended");
      }
      head.append((char) c);
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).strip());
      }
    }
    in.readNBytes(length);
  }

  @Override
  public void close() throws IOException {
    server.close();
    threads.shutdownNow();
  }
}
