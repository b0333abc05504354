package io.clickpulse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.clickpulse.stack.ClickHouseEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docker/ describes the production stack; it must stay consistent with the build. */
class DockerStackTest {
  private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();
  private static final Path DOCKER = ROOT.resolve("docker");

  @Test
  void imagesArePinnedToTheVersionsTheBuildUses() throws Exception {
    String pom = Files.readString(ROOT.resolve("pom.xml"));
    String flink = property(pom, "flink.version");
    String kafka = property(pom, "kafka.version");
    String zooKeeper = property(pom, "zookeeper.version").replaceAll("^(\\d+\\.\\d+).*", "$1");
    String clickhouse = ClickHouseEngine.CLICKHOUSE_VERSION.replaceAll("^(\\d+\\.\\d+).*", "$1");
    for (Map.Entry<String, JsonNode> service : services()) {
      String image = service.getValue().path("image").asText();
      assertTrue(
          image.contains(":") && !image.endsWith(":latest"),
          service.getKey() + " pins its image: " + image);
      if (image.startsWith("flink:")) {
        assertEquals("flink:" + flink + "-java17", image, service.getKey());
      } else if (image.startsWith("apache/kafka:")) {
        assertEquals("apache/kafka:" + kafka, image, service.getKey());
      } else if (image.startsWith("clickhouse/clickhouse-server:")) {
        assertEquals("clickhouse/clickhouse-server:" + clickhouse, image, service.getKey());
      } else if (image.startsWith("zookeeper:")) {
        assertEquals("zookeeper:" + zooKeeper, image, service.getKey());
      }
    }
  }

  @Test
  void grafanasPluginsArePinnedToo() throws Exception {
    JsonNode environment = service("grafana").path("environment");
    assertTrue(
        environment.path("GF_INSTALL_PLUGINS").isMissingNode(),
        "GF_INSTALL_PLUGINS installs the latest release: " + environment);
    String plugins = environment.path("GF_PLUGINS_PREINSTALL_SYNC").asText();
    assertFalse(plugins.isEmpty(), "grafana preinstalls its ClickHouse plugin: " + environment);
    for (String plugin : plugins.split(",")) {
      assertTrue(
          plugin.strip().matches("[a-z0-9-]+@\\d+\\.\\d+\\.\\d+"),
          "plugin pinned to a version (id@x.y.z): " + plugin);
    }
    String datasource =
        Files.readString(DOCKER.resolve("grafana/provisioning/datasources/clickhouse.yaml"));
    Matcher type = Pattern.compile("type: (\\S+)").matcher(datasource);
    assertTrue(type.find(), datasource);
    assertTrue(
        plugins.contains(type.group(1) + "@"),
        "the provisioned data source's plugin " + type.group(1) + " is the pinned one: " + plugins);
  }

  @Test
  void everyMountedFileExistsAndTheJobJarIsTheOneTheBuildMakes() throws Exception {
    String pom = Files.readString(ROOT.resolve("pom.xml"));
    String version =
        pom.replaceAll(
            "(?s).*?<artifactId>clickpulse-parent</artifactId>\\s*<version>([^<]+)</version>.*",
            "$1");
    String jar = "../jobs/target/clickpulse-jobs-" + version + "-flink.jar";
    List<String> checked = new ArrayList<>();
    for (Map.Entry<String, JsonNode> service : services()) {
      for (JsonNode volume : service.getValue().path("volumes")) {
        String source = volume.asText().split(":")[0];
        if (!source.startsWith(".")) {
          continue; // a named volume
        }
        if (source.endsWith("-flink.jar")) {
          assertEquals(jar, source, service.getKey() + " mounts the shaded job jar");
        } else if (source.endsWith("-generator.jar")) {
          assertEquals(
              "../stack/target/clickpulse-stack-" + version + "-generator.jar",
              source,
              service.getKey() + " mounts the generator jar");
        } else {
          assertTrue(
              Files.exists(DOCKER.resolve(source)),
              service.getKey() + " mounts a missing " + source);
          checked.add(source);
        }
      }
    }
    assertTrue(checked.contains("../dashboards"), "Grafana gets the dashboards");
    assertTrue(checked.contains("./clickhouse/users.xml"), "ClickHouse gets the accounts");
  }

  @Test
  void secretsComeFromTheEnvironmentNeverFromTheFiles() throws Exception {
    String compose = Files.readString(DOCKER.resolve("docker-compose.yml"));
    assertFalse(
        Pattern.compile("(?m)^\\s*\\w*(PASSWORD|SECRET)\\w*:\\s*[^$\\s]").matcher(compose).find(),
        "passwords are ${...} references");
    assertTrue(Files.readString(ROOT.resolve(".gitignore")).contains("docker/.env"));
    String users = Files.readString(DOCKER.resolve("clickhouse/users.xml"));
    assertEquals(
        3, count(users, "from_env="), "every account's password comes from the environment");
    assertTrue(
        users.contains("GRANT INSERT, SELECT ON clickpulse.*"),
        "the writer only inserts and reads");
  }

  /** The pipeline refuses to start without checkpoint storage (checkpoint.dir or the cluster's). */
  @Test
  void bothClustersGiveTheJobsDurableCheckpointAndSavepointStorage() throws Exception {
    String compose = Files.readString(DOCKER.resolve("docker-compose.yml"));
    assertTrue(
        compose.contains("execution.checkpointing.dir: file:///flink-data/checkpoints"), compose);
    assertTrue(compose.contains("execution.checkpointing.savepoint-dir: file:///flink-data/"));
    assertTrue(compose.contains("flink-data:/flink-data"), "the directory is a shared volume");
    // Kubernetes: KubernetesManifestsTest.
  }

  private static Iterable<Map.Entry<String, JsonNode>> services() throws Exception {
    JsonNode compose =
        new ObjectMapper(new YAMLFactory()).readTree(DOCKER.resolve("docker-compose.yml").toFile());
    Iterator<Map.Entry<String, JsonNode>> it = compose.path("services").fields();
    List<Map.Entry<String, JsonNode>> services = new ArrayList<>();
    it.forEachRemaining(services::add);
    assertTrue(services.size() >= 7, "the stack has its services");
    return services;
  }

  /** The Flink configuration every Flink service of the compose stack shares. */
  private static String flinkProperties() throws Exception {
    return new ObjectMapper(new YAMLFactory())
        .readTree(DOCKER.resolve("docker-compose.yml").toFile())
        .at("/x-flink-config/FLINK_PROPERTIES")
        .asText();
  }

  private static JsonNode service(String name) throws Exception {
    for (Map.Entry<String, JsonNode> service : services()) {
      if (service.getKey().equals(name)) {
        return service.getValue();
      }
    }
    throw new AssertionError("no service " + name);
  }

  @Test
  void theJobManagerIsHighlyAvailableThroughTheStacksZooKeeper() throws Exception {
    String flinkProperties = flinkProperties();
    assertTrue(flinkProperties.contains("high-availability.type: zookeeper"), flinkProperties);
    Matcher quorum =
        Pattern.compile("high-availability\\.zookeeper\\.quorum: (\\w+):2181")
            .matcher(flinkProperties);
    assertTrue(quorum.find(), flinkProperties);
    assertTrue(service(quorum.group(1)).path("image").asText().startsWith("zookeeper:"));
    assertTrue(
        flinkProperties.contains("high-availability.storageDir: file:///flink-data/"),
        "HA metadata on the volume the JobManager and TaskManager share");
  }

  @Test
  void theComposeTaskManagerHasTheMemoryOfTheKubernetesPipelinesTaskManager() throws Exception {
    String flinkProperties = flinkProperties();
    Matcher size =
        Pattern.compile("taskmanager\\.memory\\.process\\.size: (\\S+)").matcher(flinkProperties);
    assertTrue(
        size.find(),
        "the image's default TaskManager size leaves the pipeline a heap below its live set: "
            + flinkProperties);
    String kubernetes =
        new ObjectMapper(new YAMLFactory())
            .readTree(DOCKER.resolve("k8s/pipeline.yaml").toFile())
            .at("/spec/taskManager/resource/memory")
            .asText();
    assertEquals(kubernetes, size.group(1));
  }

  @Test
  void prometheusScrapesEveryFlinkProcessOnItsReportersPort() throws Exception {
    String flinkProperties = flinkProperties();
    Matcher port =
        Pattern.compile("metrics\\.reporter\\.prom\\.port: (\\d+)").matcher(flinkProperties);
    assertTrue(port.find(), "the Flink processes serve Prometheus metrics: " + flinkProperties);
    JsonNode prometheus =
        new ObjectMapper(new YAMLFactory())
            .readTree(DOCKER.resolve("prometheus/prometheus.yml").toFile());
    List<String> targets = new ArrayList<>();
    prometheus
        .at("/scrape_configs/0/static_configs/0/targets")
        .forEach(t -> targets.add(t.asText()));
    List<String> flinkServices = new ArrayList<>();
    for (Map.Entry<String, JsonNode> service : services()) {
      String command = service.getValue().path("command").asText();
      if (List.of("jobmanager", "taskmanager").contains(command)) {
        flinkServices.add(service.getKey() + ":" + port.group(1));
      }
    }
    assertEquals(2, flinkServices.size(), "a JobManager and a TaskManager service");
    assertEquals(flinkServices, targets, "prometheus.yml scrapes every Flink process");
    String rules = prometheus.at("/rule_files/0").asText();
    assertTrue(
        service("prometheus").path("volumes").toString().contains(rules),
        "the rules file prometheus.yml loads is mounted: " + rules);
  }

  private static String property(String pom, String name) {
    Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
    assertTrue(m.find(), name);
    return m.group(1);
  }

  private static int count(String text, String needle) {
    return text.split(Pattern.quote(needle), -1).length - 1;
  }
}
