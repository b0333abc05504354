package io.clickpulse.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The alert delivery config of a local run: every alert to the local Slack and webhook receiver,
 * and to the real Slack or webhook named by the environment, if any; the CRM signals and the click
 * feed to the local receiver's {@code /crm} and {@code /feed}. Short group wait so that the run
 * shows delivery within seconds. Secrets stay out of the file (a 0600 file and env vars).
 */
final class DeliveryFile {
  private DeliveryFile() {}

  static final String CRM_FEED = "crm-demo";
  static final String CLICK_FEED = "click-feed";

  static Path write(
      Path runDir,
      LocalReceiver receiver,
      LocalRunOptions options,
      String crmTopic,
      String clickFeedTopic) {
    try {
      Path secret = runDir.resolve("local-webhook.secret");
      Files.writeString(secret, receiver.secret());
      Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
      List<String> destinations = new ArrayList<>(List.of("local-slack", "local-webhook"));
      StringBuilder yaml = new StringBuilder("destinations:\n");
      yaml.append("  local-slack: { type: slack, url: \"")
          .append(receiver.url("/slack"))
          .append("\", max-per-second: 20 }\n");
      yaml.append("  local-webhook: { type: webhook, url: \"")
          .append(receiver.url("/webhook"))
          .append("\", secrets-file: \"")
          .append(secret)
          .append("\", max-per-second: 20 }\n");
      // The feeds of the demo (docs/delivery.md, "Feeds"): CRM signals one by one, the click
      // feed in batches, each to a path of the local receiver of its own.
      yaml.append("  local-crm: { type: webhook, url: \"")
          .append(receiver.url("/crm"))
          .append("\", secrets-file: \"")
          .append(secret)
          .append("\", max-per-second: 20 }\n");
      yaml.append("  local-feed: { type: webhook, url: \"")
          .append(receiver.url("/feed"))
          .append("\", secrets-file: \"")
          .append(secret)
          .append("\", max-per-second: 20 }\n");
      if (options.realSlack()) {
        yaml.append("  slack: { type: slack, url-env: SLACK_WEBHOOK_URL, max-per-second: 1 }\n");
        destinations.add("slack");
      }
      if (options.realWebhook()) {
        yaml.append(
            "  webhook: { type: webhook, url-env: WEBHOOK_URL, secrets-env: WEBHOOK_SECRET,"
                + " max-per-second: 5 }\n");
        destinations.add("webhook");
      }
      yaml.append("routes:\n  - { to: ").append(destinations).append(" }\n");
      yaml.append("feeds:\n");
      yaml.append(
          "  - { name: "
              + CRM_FEED
              + ", topic: "
              + crmTopic
              + ", destination: local-crm, body: item, id-field: signal_id, match: { route: ["
              + DemoRules.CRM_ROUTE
              + "] } }\n");
      yaml.append(
          "  - { name: "
              + CLICK_FEED
              + ", topic: "
              + clickFeedTopic
              + ", destination: local-feed, batch-size: 50, max-wait: \"1 s\" }\n");
      yaml.append(
          "grouping: { group-wait: \"1 s\", group-interval: \"10 s\", repeat-interval: \"4 h\" }\n");
      yaml.append("retry: { delays: [\"1 s\", \"5 s\", \"30 s\"], jitter: 0.2 }\n");
      yaml.append("outbound: { allowed-hosts: [127.0.0.1] }\n");
      Path file = runDir.resolve("delivery.yaml");
      Files.writeString(file, yaml);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the delivery config in " + runDir, e);
    }
  }
}
