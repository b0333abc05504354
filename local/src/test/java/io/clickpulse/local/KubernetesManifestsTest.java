package io.clickpulse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.clickpulse.jobs.alert.AlertRules;
import io.clickpulse.jobs.config.AlertDeliveryConfig;
import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.jobs.delivery.DeliveryConfig;
import io.clickpulse.jobs.settings.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker/k8s is what `kubectl apply -k` deploys: both jobs as FlinkDeployments on the build's
 * Flink, the migration Job, the generated ConfigMap and the secret they read. Cross-references are
 * checked here, and each job's arguments and environment are run through the job's own
 * configuration parser, with the ConfigMap's files where the pods mount them.
 */
class KubernetesManifestsTest {
  private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();
  private static final Path K8S = ROOT.resolve("docker/k8s");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir Path mounted;

  @Test
  void kustomizationDeploysTheMigrationBothJobsAndTheirConfig() throws Exception {
    JsonNode kustomization = yaml("kustomization.yaml");
    List<String> resources = texts(kustomization.path("resources"));
    assertEquals(List.of("migrate.yaml", "pipeline.yaml", "delivery.yaml"), resources);
    assertEquals("Job", yaml("migrate.yaml").path("kind").asText());
    assertEquals("FlinkDeployment", yaml("pipeline.yaml").path("kind").asText());
    assertEquals("FlinkDeployment", yaml("delivery.yaml").path("kind").asText());
    for (String file : configFiles().values()) {
      assertTrue(Files.isRegularFile(K8S.resolve(file)), "configMapGenerator file " + file);
    }
  }

  @Test
  void bothJobsRunTheJarsEntryClassesOnTheBuildsFlinkWithHaSavepointsAndMetrics() throws Exception {
    String flink = property(Files.readString(ROOT.resolve("pom.xml")), "flink.version");
    Map<String, String> entryClasses =
        Map.of(
            "pipeline.yaml", "io.clickpulse.jobs.ClickPipelineJob",
            "delivery.yaml", "io.clickpulse.jobs.AlertDeliveryJob");
    String image = yaml("migrate.yaml").at("/spec/template/spec/containers/0/image").asText();
    for (Map.Entry<String, String> job : entryClasses.entrySet()) {
      JsonNode d = yaml(job.getKey());
      String name = job.getKey();
      assertEquals(
          "v" + flink.replaceAll("^(\\d+)\\.(\\d+).*", "$1_$2"),
          d.at("/spec/flinkVersion").asText(),
          name);
      assertEquals(job.getValue(), d.at("/spec/job/entryClass").asText(), name);
      assertTrue(
          Class.forName(job.getValue()).getMethod("main", String[].class) != null, job.getValue());
      assertEquals("savepoint", d.at("/spec/job/upgradeMode").asText(), name);
      assertEquals(image, d.at("/spec/image").asText(), name + " runs the migration's image");
      JsonNode conf = d.at("/spec/flinkConfiguration");
      assertEquals("kubernetes", conf.path("high-availability.type").asText(), name);
      assertTrue(conf.path("high-availability.storageDir").asText().startsWith("s3://"), name);
      assertTrue(conf.path("execution.checkpointing.dir").asText().startsWith("s3://"), name);
      assertTrue(
          conf.path("execution.checkpointing.savepoint-dir").asText().startsWith("s3://"), name);
      assertEquals(
          "org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
          conf.path("metrics.reporter.prom.factory.class").asText(),
          name);
      assertEquals(
          conf.path("metrics.reporter.prom.port").asText(),
          d.at("/spec/podTemplate/metadata/annotations/prometheus.io~1port").asText(),
          name + ": Prometheus scrapes the reporter's port");
    }
  }

  @Test
  void theMigrationJobRunsTheJarsMigrateCommandAsTheMigrator() throws Exception {
    List<String> command =
        texts(yaml("migrate.yaml").at("/spec/template/spec/containers/0/command"));
    int main = command.indexOf("io.clickpulse.jobs.Cli");
    assertTrue(main > 0, "runs the jar's command line: " + command);
    assertTrue(Class.forName(command.get(main)).getMethod("main", String[].class) != null);
    assertEquals("migrate", command.get(main + 1));
    assertTrue(
        Class.forName(command.get(main)).getResource("cli/migrate.txt") != null,
        "migrate is one of its commands");
    assertTrue(command.contains("--clickhouse.user=clickpulse_migrator"), command.toString());
  }

  @Test
  void everySecretTheManifestsReadIsInTheExampleSecretAndNoneIsInline() throws Exception {
    JsonNode secret = yaml("secret.example.yaml");
    assertEquals("Secret", secret.path("kind").asText());
    String secretName = secret.at("/metadata/name").asText();
    int refs = 0;
    for (String file : List.of("migrate.yaml", "pipeline.yaml", "delivery.yaml")) {
      String text = Files.readString(K8S.resolve(file));
      assertFalse(
          Pattern.compile("(?i)(password|secret)\\w*[=:]\\s*[^\\s{]").matcher(argsOf(text)).find(),
          file + " passes no secret in its arguments");
      for (JsonNode env : envOf(yaml(file))) {
        JsonNode ref = env.at("/valueFrom/secretKeyRef");
        if (!ref.isMissingNode()) {
          assertEquals(secretName, ref.path("name").asText(), file);
          assertTrue(
              secret.path("stringData").has(ref.path("key").asText()),
              file + " reads key " + ref.path("key") + " the secret does not have");
          refs++;
        }
      }
    }
    assertEquals(5, refs, "secret references across the manifests");
  }

  @Test
  void thePipelineAcceptsItsArgumentsEnvironmentAndRulesAsMounted() throws Exception {
    Settings settings = settingsOf(yaml("pipeline.yaml"));
    ClickPipelineConfig config = ClickPipelineConfig.from(settings);
    assertEquals("clickpulse_writer", config.clickhouse().user());
    assertFalse(config.clickhouse().applyMigrations(), "the writer may not migrate");
    assertEquals(
        AlertRules.load(K8S.resolve(configFiles().get("rules.yaml"))).dashboardUrlTemplate(),
        config.alerts().rules().dashboardUrlTemplate(),
        "the rules come from the ConfigMap");
  }

  @Test
  void theDeliveryJobAcceptsItsArgumentsEnvironmentAndRoutingAsMounted() throws Exception {
    JsonNode deployment = yaml("delivery.yaml");
    Settings settings = settingsOf(deployment);
    AlertDeliveryConfig config = AlertDeliveryConfig.from(settings);
    assertEquals("clickpulse_writer", config.clickhouse().user());
    assertFalse(config.clickhouse().applyMigrations(), "the writer may not migrate");
    Map<String, String> env = environment(deployment);
    DeliveryConfig routing =
        DeliveryConfig.load(
            Paths.get(config.deliveryConfigFile()),
            name -> {
              assertTrue(env.containsKey(name), "delivery.yaml reads " + name + ", not set");
              return env.get(name);
            });
    assertFalse(routing.toString().isEmpty());
  }

  /** The job's arguments, its environment from the example secret, its files where mounted. */
  private Settings settingsOf(JsonNode deployment) throws Exception {
    String mountPath =
        deployment.at("/spec/podTemplate/spec/containers/0/volumeMounts/0/mountPath").asText();
    for (JsonNode item : deployment.at("/spec/podTemplate/spec/volumes/0/configMap/items")) {
      String source = configFiles().get(item.path("key").asText());
      assertTrue(source != null, "the ConfigMap has no key " + item.path("key"));
      Files.copy(K8S.resolve(source), mounted.resolve(item.path("path").asText()));
    }
    List<String> args = new ArrayList<>();
    for (String arg : texts(deployment.at("/spec/job/args"))) {
      args.add(arg.replace(mountPath, mounted.toString()));
    }
    return Settings.load(args.toArray(String[]::new), environment(deployment));
  }

  private static Map<String, String> environment(JsonNode deployment) throws Exception {
    JsonNode secret = yaml("secret.example.yaml").path("stringData");
    Map<String, String> env = new HashMap<>();
    for (JsonNode e : envOf(deployment)) {
      String key = e.at("/valueFrom/secretKeyRef/key").asText();
      env.put(e.path("name").asText(), secret.path(key).asText());
    }
    // The example's placeholder as a URL the outbound policy can check without DNS (none here).
    env.computeIfPresent("SLACK_WEBHOOK_URL", (k, v) -> "https://93.184.215.14/services/T0/B0/x");
    return env;
  }

  private static JsonNode envOf(JsonNode manifest) {
    JsonNode pod = manifest.at("/spec/podTemplate/spec");
    if (pod.isMissingNode()) {
      pod = manifest.at("/spec/template/spec");
    }
    return pod.at("/containers/0/env");
  }

  private static String argsOf(String manifest) {
    Matcher args = Pattern.compile("(?s)(args|command):\\n(.*?)(\\n\\s*\\w+:|$)").matcher(manifest);
    StringBuilder all = new StringBuilder();
    while (args.find()) {
      all.append(args.group(2));
    }
    return all.toString();
  }

  /** ConfigMap key → file, from the kustomization's generator. */
  private static Map<String, String> configFiles() throws Exception {
    Map<String, String> files = new HashMap<>();
    for (JsonNode f : yaml("kustomization.yaml").at("/configMapGenerator/0/files")) {
      String[] keyAndFile = f.asText().split("=", 2);
      files.put(keyAndFile[0], keyAndFile[1]);
    }
    return files;
  }

  private static JsonNode yaml(String file) throws Exception {
    return YAML.readTree(K8S.resolve(file).toFile());
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  private static String property(String pom, String name) {
    Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
    assertTrue(m.find(), name);
    return m.group(1);
  }
}
