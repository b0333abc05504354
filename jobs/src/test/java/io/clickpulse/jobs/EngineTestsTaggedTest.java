package io.clickpulse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The tests on real engines run in {@code mvn verify} only because they are named {@code *ITCase}
 * (the pom's {@code engine-tests} execution includes that name) and tagged {@code engines} (the
 * fast execution excludes the tag): a test with one and not the other would run in neither, or slow
 * down {@code mvn test}. This checks every module's tests.
 */
class EngineTestsTaggedTest {
  private static final String TAG = "@Tag(\"engines\")";

  @Test
  void everyEngineTestIsNamedAndTaggedAlike() throws IOException {
    List<Path> tests;
    try (Stream<Path> files = Files.walk(Paths.get("..").toAbsolutePath().normalize())) {
      tests =
          files
              .filter(
                  p -> p.toString().contains("/src/test/java/") && p.toString().endsWith(".java"))
              .toList();
    }
    assertTrue(tests.size() > 50, "found the modules' tests: " + tests.size());
    long engineTests = 0;
    for (Path test : tests) {
      boolean named = test.getFileName().toString().endsWith("ITCase.java");
      boolean tagged = Files.readString(test).contains(TAG);
      assertEquals(named, tagged, test + (named ? " lacks " + TAG : " is tagged but not *ITCase"));
      engineTests += named ? 1 : 0;
    }
    assertTrue(engineTests >= 20, "engine tests found: " + engineTests);
  }
}
