package io.clickpulse.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * A Java Flight Recorder recording of this JVM (Flink's tasks run here) with the profile settings.
 */
final class JfrProfile {
  private final Recording recording;

  private JfrProfile(Recording recording) {
    this.recording = recording;
  }

  static JfrProfile start() {
    try {
      Recording recording = new Recording(Configuration.getConfiguration("profile"));
      recording.start();
      return new JfrProfile(recording);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops, writes the recording to {@code file} and returns its hot spots. */
  List<String> stop(Path file) {
    try {
      recording.stop();
      recording.dump(file);
      recording.close();
      return Hotspots.summarize(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
