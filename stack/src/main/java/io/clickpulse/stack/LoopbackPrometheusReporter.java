package io.clickpulse.stack;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Properties;
import org.apache.flink.metrics.prometheus.AbstractPrometheusReporter;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Flink's Prometheus reporter, serving on 127.0.0.1 only. The distribution's {@code
 * PrometheusReporter} binds every interface and has no host option; the local cluster must not
 * listen beyond loopback, so this one serves the same collectors (the same metric names and labels
 * as in docker/ and Kubernetes) from a loopback socket. Configured with {@code
 * metrics.reporter.prom.factory.class: io.clickpulse.stack.LoopbackPrometheusReporter$Factory} and
 * a {@code port}.
 */
public final class LoopbackPrometheusReporter extends AbstractPrometheusReporter {
  private final HTTPServer server;

  private LoopbackPrometheusReporter(int port) {
    try {
      server =
          new HTTPServer(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), port), registry(), true);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not serve Prometheus metrics on port " + port, e);
    }
  }

  @Override
  public void close() {
    server.stop();
    super.close();
  }

  /** The reporter's collectors: package-private in Flink, hence read reflectively. */
  private CollectorRegistry registry() {
    try {
      Field field = AbstractPrometheusReporter.class.getDeclaredField("registry");
      field.setAccessible(true);
      return (CollectorRegistry) field.get(this);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("This Flink's Prometheus reporter has no registry field", e);
    }
  }

  /** Creates the reporter from its {@code port} (required: each process has its own). */
  public static final class Factory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      String port = properties.getProperty("port");
      if (port == null || !port.matches("\\d{1,5}")) {
        throw new IllegalArgumentException(
            "metrics.reporter.prom.port: expected a port number, got '" + port + "'");
      }
      return new LoopbackPrometheusReporter(Integer.parseInt(port));
    }
  }
}
