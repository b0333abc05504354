package io.clickpulse.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;

/**
 * A ClickHouse server config with the production accounts: {@code docker/clickhouse/users.xml} is
 * merged in from {@code users.d/} exactly as the official image merges it, next to a passwordless
 * loopback-only {@code default} user that the engine's own start-up session needs (and that the
 * scenarios use for their own databases).
 */
final class ClickHouseAccounts {
  static final Path PRODUCTION_USERS = Paths.get("..", "docker", "clickhouse", "users.xml");

  private ClickHouseAccounts() {}

  /** Writes the config under {@code dir}/clickhouse-config and returns the main file. */
  static Path writeConfig(Path dir) {
    Path conf = dir.resolve("clickhouse-config");
    try {
      Files.createDirectories(conf.resolve("users.d"));
      Files.copy(
          PRODUCTION_USERS,
          conf.resolve("users.d").resolve("clickpulse.xml"),
          StandardCopyOption.REPLACE_EXISTING);
      Files.writeString(
          conf.resolve("users.xml"),
          """
          <clickhouse>
            <profiles><default/></profiles>
            <quotas><default/></quotas>
            <users>
              <default>
                <no_password/>
                <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
                <profile>default</profile>
                <quota>default</quota>
                <access_management>1</access_management>
              </default>
            </users>
          </clickhouse>
          """);
      Path config = conf.resolve("config.xml");
      Files.writeString(
          config,
          """
          <clickhouse>
            <users_config>users.xml</users_config>
          </clickhouse>
          """);
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
