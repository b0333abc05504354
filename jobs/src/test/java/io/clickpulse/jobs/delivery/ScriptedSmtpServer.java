package io.clickpulse.jobs.delivery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * A minimal SMTP server on a free loopback port answering what the test scripts: the replies
 * GreenMail never gives (a 421 greeting, 451 or 550 to RCPT), or a greeting trickled a byte at a
 * time.
 */
final class ScriptedSmtpServer implements AutoCloseable {
  private final ServerSocket server;
  private final ConcurrentLinkedQueue<String> greetings = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> rcptReplies = new ConcurrentLinkedQueue<>();
  private volatile boolean trickle;

  /** Every message accepted (DATA), as sent. */
  final List<String> messages = new CopyOnWriteArrayList<>();

  /** Counted down when a trickled connection is closed by the client. */
  final CountDownLatch trickleCut = new CountDownLatch(1);

  ScriptedSmtpServer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "scripted-smtp");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** The next connections' greetings, then "220 ready". */
  ScriptedSmtpServer greet(String... replies) {
    greetings.addAll(List.of(replies));
    return this;
  }

  /** The next RCPT replies, then "250 OK". */
  ScriptedSmtpServer rcpt(String... replies) {
    rcptReplies.addAll(List.of(replies));
    return this;
  }

  /** Every greeting is sent one byte each 200 ms, never finishing. */
  ScriptedSmtpServer trickle() {
    trickle = true;
    return this;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread t = new Thread(() -> serve(s), "scripted-smtp-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s;
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = s.getOutputStream()) {
      if (trickle) {
        try {
          while (true) {
            out.write('2');
            out.flush();
            LockSupport.parkNanos(200_000_000L);
          }
        } catch (IOException cut) {
          trickleCut.countDown();
          return;
        }
      }
      String greeting = greetings.poll();
      reply(out, greeting == null ? "220 scripted ready" : greeting);
      if (greeting != null && !greeting.startsWith("2")) {
        return;
      }
      String line;
      while ((line = in.readLine()) != null) {
        String command = line.length() < 4 ? line : line.substring(0, 4).toUpperCase();
        switch (command) {
          case "EHLO" -> reply(out, "250-scripted\r\n250 8BITMIME");
          case "HELO", "MAIL", "RSET", "NOOP" -> reply(out, "250 OK");
          case "RCPT" -> {
            String r = rcptReplies.poll();
            reply(out, r == null ? "250 OK" : r);
          }
          case "DATA" -> {
            reply(out, "354 go ahead");
            StringBuilder message = new StringBuilder();
            while ((line = in.readLine()) != null && !line.equals(".")) {
              message.append(line).append("\n");
            }
            messages.add(message.toString());
            reply(out, "250 2.0.0 queued");
          }
          case "QUIT" -> {
            reply(out, "221 bye");
            return;
          }
          default -> reply(out, "502 not implemented");
        }
      }
    } catch (IOException ignored) {
      // the client went away
    }
  }

  private static void reply(OutputStream out, String reply) throws IOException {
    out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
