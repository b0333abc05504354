package io.clickpulse.stack;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Objects;

/** A classpath Maven wrote at build time (see this module's pom), checked to still exist. */
final class ClasspathResource {
  private ClasspathResource() {}

  static String read(Class<?> owner, String resource) {
    try (InputStream in = owner.getResourceAsStream(resource)) {
      String classpath =
          new String(
                  Objects.requireNonNull(
                          in, resource + " missing: build the stack module with Maven")
                      .readAllBytes(),
                  StandardCharsets.UTF_8)
              .strip();
      for (String jar : classpath.split(File.pathSeparator)) {
        if (!Files.exists(Paths.get(jar))) {
          throw new IllegalStateException(
              "Jar " + jar + " is missing: run `mvn install` again to fetch it");
        }
      }
      return classpath;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
