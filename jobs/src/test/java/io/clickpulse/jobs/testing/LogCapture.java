package io.clickpulse.jobs.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Collects every log line (INFO and up, with stack traces) while open, to check what got logged.
 */
public final class LogCapture extends AbstractAppender implements AutoCloseable {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Level previous;

  public LogCapture() {
    super("capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
    start();
    LoggerConfig root = config().getRootLogger();
    previous = root.getLevel();
    root.setLevel(Level.INFO);
    root.addAppender(this, Level.INFO, null);
    context().updateLoggers();
  }

  @Override
  public void append(LogEvent event) {
    StringBuilder line = new StringBuilder(event.getMessage().getFormattedMessage());
    for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
      line.append(" | ").append(t);
    }
    lines.add(line.toString());
  }

  public List<String> lines() {
    return lines;
  }

  @Override
  public void close() {
    LoggerConfig root = config().getRootLogger();
    root.removeAppender(getName());
    root.setLevel(previous);
    context().updateLoggers();
    stop();
  }

  private static LoggerContext context() {
    return (LoggerContext) LogManager.getContext(false);
  }

  private static Configuration config() {
    return context().getConfiguration();
  }
}
