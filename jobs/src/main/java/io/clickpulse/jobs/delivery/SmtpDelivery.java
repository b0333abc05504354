package io.clickpulse.jobs.delivery;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Sends one notification as an email (multipart/alternative: plain text and HTML) over SMTP with
 * Jakarta Mail (Eclipse Angus). The result is an {@link HttpDelivery.Result} whose status is the
 * SMTP reply code (0 when none came), classified by {@link SmtpOutcome}; errors carry the server's
 * reply, never the credentials.
 *
 * <p>Like {@link HttpDelivery#sendAsync}, it does not block the caller and always completes within
 * the exchange deadline (connect-timeout + read-timeout): Jakarta Mail blocks, so the exchange runs
 * on its own daemon thread with socket timeouts, and at the deadline its sockets are closed, which
 * ends the exchange even when a server trickles its replies (Transport's own close would wait for
 * the send, its methods are synchronized).
 */
public final class SmtpDelivery {
  /** Blocking SMTP exchanges, each on its own daemon thread: as many as destinations sending. */
  private static final ExecutorService SENDERS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "clickpulse-delivery-smtp");
            t.setDaemon(true);
            return t;
          });

  /** The header that carries the webhook id: receivers and tests dedup on it. */
  public static final String WEBHOOK_ID_HEADER = "X-ClickPulse-Webhook-Id";

  private static final Pattern REPLY_CODE = Pattern.compile("^\\s*([2-5][0-9][0-9])[ -]");

  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration deadline;
  private final OutboundPolicy policy;

  public SmtpDelivery(Duration connectTimeout, Duration readTimeout, OutboundPolicy policy) {
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.deadline = connectTimeout.plus(readTimeout);
    this.policy = policy;
  }

  /** The longest an exchange may take. */
  public Duration deadline() {
    return deadline;
  }

  /**
   * Starts one exchange and returns at once; the future always completes (never exceptionally)
   * within {@link #deadline()}. Building the message happens on the caller's thread, so a
   * notification that cannot be rendered throws to the caller, as with HTTP.
   */
  public CompletableFuture<HttpDelivery.Result> sendAsync(
      DeliveryConfig.ResolvedDestination d, String webhookId, HttpDelivery.Body content, long now) {
    long start = System.nanoTime();
    EmailSettings email = d.email();
    Sockets sockets = new Sockets(policy);
    Session session = Session.getInstance(properties(email, sockets));
    MimeMessage message = message(session, d, email, webhookId, content.email(), now);
    CompletableFuture<HttpDelivery.Result> result = new CompletableFuture<>();
    Future<?> exchange =
        SENDERS.submit(() -> result.complete(exchange(session, email, message, start)));
    CompletableFuture.delayedExecutor(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .execute(() -> result.complete(timedOut(start)));
    // Ended by the deadline or cancelled by the caller (a closing task): abort what is under way.
    result.whenComplete(
        (r, failure) -> {
          if (!exchange.isDone()) {
            exchange.cancel(true);
            sockets.closeAll();
          }
        });
    return result;
  }

  /** Sends and waits: for the command-line tools. */
  public HttpDelivery.Result send(
      DeliveryConfig.ResolvedDestination d, String webhookId, HttpDelivery.Body content, long now) {
    return sendAsync(d, webhookId, content, now).join();
  }

  private HttpDelivery.Result exchange(
      Session session, EmailSettings email, MimeMessage message, long start) {
    try {
      policy.checkHost(email.host()); // resolved again before every send, as for HTTP
    } catch (IllegalArgumentException e) {
      return new HttpDelivery.Result(
          HttpDelivery.REFUSED, 0, "refused by outbound policy: " + e.getMessage(), null);
    }
    String protocol = email.tls() == EmailSettings.Tls.IMPLICIT ? "smtps" : "smtp";
    SMTPTransport transport = null;
    try {
      transport = (SMTPTransport) session.getTransport(protocol);
      transport.connect(email.host(), email.port(), email.username(), email.password());
      transport.sendMessage(message, message.getAllRecipients());
      int code = transport.getLastReturnCode();
      return new HttpDelivery.Result(code > 0 ? code : 250, millisSince(start), null, null);
    } catch (MessagingException e) {
      return failed(e, transport, email, start);
    } catch (RuntimeException e) {
      return new HttpDelivery.Result(
          0, millisSince(start), "failed: " + e.getClass().getSimpleName(), null);
    } finally {
      if (transport != null) {
        try {
          transport.close();
        } catch (MessagingException | RuntimeException closing) {
          // the answer is in; a failed QUIT changes nothing
        }
      }
    }
  }

  /** The server's reply code and text when there is one, else what kept it from answering. */
  static HttpDelivery.Result failed(
      MessagingException e, SMTPTransport transport, EmailSettings email, long start) {
    long latency = millisSince(start);
    int code = 0;
    String reply = null;
    for (Throwable t = e; t != null; t = next(t)) {
      if (t instanceof SMTPAddressFailedException a) {
        code = a.getReturnCode();
      } else if (t instanceof SMTPSendFailedException s) {
        code = s.getReturnCode();
      } else if (t instanceof SMTPSenderFailedException s) {
        code = s.getReturnCode();
      } else if (t instanceof AuthenticationFailedException) {
        code = replyCode(t.getMessage());
      }
      if (code > 0) {
        reply = t.getMessage();
        break;
      }
    }
    if (code == 0 && transport != null && transport.getLastReturnCode() >= 400) {
      // A refusal outside a command's exception: a 421 greeting, a failed STARTTLS.
      code = transport.getLastReturnCode();
      reply = transport.getLastServerResponse();
    }
    if (code > 0) {
      return new HttpDelivery.Result(
          code, latency, "SMTP " + code + ": " + blank(snippet(reply), email), null);
    }
    for (Throwable t = e; t != null; t = next(t)) {
      if (t instanceof SocketTimeoutException) {
        return timedOut(start);
      }
      if (t instanceof SSLException) {
        return new HttpDelivery.Result(
            0, latency, "TLS failed: " + blank(snippet(t.getMessage()), email), null);
      }
      if (t instanceof IOException) {
        return new HttpDelivery.Result(
            0, latency, "connection failed: " + t.getClass().getSimpleName(), null);
      }
    }
    // Jakarta Mail's own refusals (a server without STARTTLS when it is required): no code.
    return new HttpDelivery.Result(
        0, latency, "failed: " + blank(snippet(e.getMessage()), email), null);
  }

  private static Throwable next(Throwable t) {
    if (t instanceof MessagingException m && m.getNextException() != null) {
      return m.getNextException();
    }
    return t.getCause() == t ? null : t.getCause();
  }

  /** The code a reply line starts with ("535 5.7.8 ..."), or 0. */
  static int replyCode(String reply) {
    Matcher m = REPLY_CODE.matcher(reply == null ? "" : reply + " ");
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  /** Credentials never go into an error, whatever a server or library echoes. */
  private static String blank(String text, EmailSettings email) {
    String s = text;
    if (email.password() != null && !email.password().isEmpty()) {
      s = s.replace(email.password(), "<secret>");
    }
    if (email.username() != null && !email.username().isEmpty()) {
      s = s.replace(email.username(), "<user>");
    }
    return s;
  }

  private static String snippet(String text) {
    String oneLine = text == null ? "" : text.replaceAll("\\s+", " ").strip();
    return oneLine.length() > 200 ? oneLine.substring(0, 200) : oneLine;
  }

  private static HttpDelivery.Result timedOut(long start) {
    return new HttpDelivery.Result(0, millisSince(start), "timed out", null);
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /** Jakarta Mail's settings for one exchange: timeouts, TLS required and checked, our sockets. */
  private Properties properties(EmailSettings email, Sockets sockets) {
    String protocol = email.tls() == EmailSettings.Tls.IMPLICIT ? "smtps" : "smtp";
    String p = "mail." + protocol + ".";
    Properties props = new Properties();
    props.put(p + "host", email.host());
    props.put(p + "port", String.valueOf(email.port()));
    props.put(p + "connectiontimeout", String.valueOf(connectTimeout.toMillis()));
    props.put(p + "timeout", String.valueOf(readTimeout.toMillis()));
    props.put(p + "writetimeout", String.valueOf(readTimeout.toMillis()));
    props.put(p + "auth", String.valueOf(email.username() != null));
    props.put(p + "from", email.from().getAddress()); // the envelope sender
    props.put(p + "localhost", "clickpulse"); // EHLO name: not the machine's name
    props.put(p + "socketFactory", sockets.plain());
    props.put(p + "socketFactory.fallback", "false");
    if (email.tls() != EmailSettings.Tls.NONE) {
      props.put(p + "ssl.socketFactory", sockets.tls(sslFactory(email)));
      props.put(p + "ssl.checkserveridentity", "true");
    }
    if (email.tls() == EmailSettings.Tls.IMPLICIT) {
      props.put(p + "ssl.enable", "true");
    }
    if (email.tls() == EmailSettings.Tls.STARTTLS) {
      props.put(p + "starttls.enable", "true");
      props.put(p + "starttls.required", "true"); // never fall back to plain text
    }
    return props;
  }

  private static MimeMessage message(
      Session session,
      DeliveryConfig.ResolvedDestination d,
      EmailSettings email,
      String webhookId,
      EmailMessages.Email content,
      long now) {
    if (webhookId == null || !webhookId.matches("[\\x21-\\x7e]+")) {
      // As for HTTP headers: an id with a line break must not add headers.
      throw new IllegalArgumentException("the webhook id is not a valid header value");
    }
    String messageId =
        "<"
            + dotAtom(webhookId)
            + "."
            + dotAtom(d.name())
            + "@"
            + email.from().getAddress().substring(email.from().getAddress().indexOf('@') + 1)
            + ">";
    try {
      MimeMessage m =
          new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
              // Stable across retries and restarts: a receiver can drop a second copy.
              setHeader("Message-ID", messageId);
            }
          };
      m.setFrom(email.from());
      m.setRecipients(Message.RecipientType.TO, email.to().toArray(new InternetAddress[0]));
      m.setSubject(content.subject(), "UTF-8");
      m.setSentDate(new Date(now));
      m.setHeader(WEBHOOK_ID_HEADER, webhookId);
      MimeBodyPart text = new MimeBodyPart();
      text.setText(content.text(), "UTF-8", "plain");
      MimeBodyPart html = new MimeBodyPart();
      html.setText(content.html(), "UTF-8", "html");
      MimeMultipart alternative = new MimeMultipart("alternative");
      alternative.addBodyPart(text); // least preferred first (RFC 2046)
      alternative.addBodyPart(html);
      m.setContent(alternative);
      m.saveChanges();
      return m;
    } catch (MessagingException e) {
      throw new IllegalArgumentException("cannot build the email: " + e.getMessage(), e);
    }
  }

  /** An id as Message-ID characters (RFC 5322 dot-atom text); the header keeps the exact id. */
  private static String dotAtom(String id) {
    String s = id.replaceAll("[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]", "_").replaceAll("\\.{2,}", ".");
    s = s.replaceAll("^\\.|\\.$", "_");
    return s.isEmpty() ? "_" : s;
  }

  /**
   * The JVM's default TLS, or one trusting only the PEM certificates of {@code trust-store-file}.
   */
  private static SSLSocketFactory sslFactory(EmailSettings email) {
    if (email.trustStoreFile() == null) {
      return (SSLSocketFactory) SSLSocketFactory.getDefault();
    }
    try {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int i = 0;
      for (Certificate c : trustedCertificates(email.trustStoreFile())) {
        trusted.setCertificateEntry("ca-" + i++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("trust-store-file: " + e.getMessage(), e);
    }
  }

  /** The PEM certificates of a trust-store-file; throws naming the key when there are none. */
  static Collection<? extends Certificate> trustedCertificates(String file) {
    try (InputStream in = Files.newInputStream(Paths.get(file))) {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new IllegalArgumentException("trust-store-file " + file + " holds no certificate");
      }
      return certs;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the trust-store-file " + file);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "trust-store-file " + file + " is not PEM certificates: " + e.getMessage());
    }
  }

  /**
   * The sockets of one exchange, so the deadline can close them; and pinned to the outbound
   * policy's addresses. A plain connection (STARTTLS, or none for allowed hosts) connects to an
   * address {@link OutboundPolicy#resolve} checked, never to what the name resolves to later. An
   * implicit-TLS connection is opened by Jakarta Mail itself (its socket factories only wrap it),
   * so the address it reached is checked before the TLS layer sends a byte.
   */
  private static final class Sockets {
    private final OutboundPolicy policy;
    private final List<Socket> open = new ArrayList<>();
    private boolean closed;

    Sockets(OutboundPolicy policy) {
      this.policy = policy;
    }

    /** A socket whose connect goes to the first address the policy checked for the name. */
    private Socket pinned() {
      return new Socket() {
        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
          InetSocketAddress named = (InetSocketAddress) endpoint;
          InetAddress checked;
          try {
            checked = policy.resolve(named.getHostString())[0];
          } catch (IllegalArgumentException refused) {
            throw new ConnectException("refused by outbound policy: " + refused.getMessage());
          }
          super.connect(new InetSocketAddress(checked, named.getPort()), timeout);
        }
      };
    }

    /** Refuses to layer TLS over a connection to an internal address of a host not allowed. */
    private Socket checked(Socket connected, String host) throws IOException {
      if (!policy.allows(host) && OutboundPolicy.internal(connected.getInetAddress())) {
        connected.close();
        throw new ConnectException(
            "refused by outbound policy: host " + host + " connected to an internal address");
      }
      return connected;
    }

    synchronized <S extends Socket> S track(S socket) throws IOException {
      if (closed) {
        socket.close();
        throw new SocketTimeoutException("past the exchange deadline");
      }
      open.add(socket);
      return socket;
    }

    synchronized void closeAll() {
      closed = true;
      for (Socket s : open) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing is all we want
        }
      }
    }

    SocketFactory plain() {
      SocketFactory base = SocketFactory.getDefault();
      return new SocketFactory() {
        @Override
        public Socket createSocket() throws IOException {
          return track(pinned());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
          Socket socket = track(pinned());
          socket.connect(InetSocketAddress.createUnresolved(host, port));
          return socket;
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress local, int localPort)
            throws IOException {
          Socket socket = track(pinned());
          socket.bind(new InetSocketAddress(local, localPort));
          socket.connect(InetSocketAddress.createUnresolved(host, port));
          return socket;
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
          return createSocket(host.getHostAddress(), port);
        }

        @Override
        public Socket createSocket(InetAddress a, int port, InetAddress local, int localPort)
            throws IOException {
          return createSocket(a.getHostAddress(), port, local, localPort);
        }
      };
    }

    SSLSocketFactory tls(SSLSocketFactory base) {
      return new SSLSocketFactory() {
        @Override
        public String[] getDefaultCipherSuites() {
          return base.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
          return base.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
          return track(base.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose)
            throws IOException {
          return track(base.createSocket(checked(s, host), host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
          return track(base.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress local, int localPort)
            throws IOException {
          return track(base.createSocket(host, port, local, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
          return track(base.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress a, int port, InetAddress local, int localPort)
            throws IOException {
          return track(base.createSocket(a, port, local, localPort));
        }
      };
    }
  }
}
