package io.qbone.deploy.kme;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;

/**
 * Where the KMEs journal their events: pekko-persistence-jdbc on an embedded H2 file by default,
 * or PostgreSQL through the same plugin (only the Slick profile, URL and driver differ).
 */
public record KmeJournal(String slickProfile, String driver, String url, String user,
    String password) {

  /**
   * An H2 database in {@code file} (H2 appends {@code .mv.db}). WRITE_DELAY=0 writes each commit
   * to the file at once, so a killed process keeps every event it acknowledged;
   * DB_CLOSE_ON_EXIT=FALSE leaves closing to the connection pool, after the last write.
   */
  public static KmeJournal h2(Path file) {
    return new KmeJournal("slick.jdbc.H2Profile$", "org.h2.Driver",
        "jdbc:h2:file:" + file.toAbsolutePath() + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE", "qbone", "");
  }

  /** A PostgreSQL database, e.g. {@code jdbc:postgresql://127.0.0.1:5432/qbone}. */
  public static KmeJournal postgres(String url, String user, String password) {
    return new KmeJournal("slick.jdbc.PostgresProfile$", "org.postgresql.Driver", url, user,
        password);
  }

  /** The actor-system settings: persistence plugins, this database, the event serializer. */
  public Config config() {
    Config fixed = ConfigFactory.parseString("""
        pekko.persistence.journal.plugin = "jdbc-journal"
        pekko.persistence.snapshot-store.plugin = "jdbc-snapshot-store"
        jdbc-journal.use-shared-db = "kme"
        jdbc-snapshot-store.use-shared-db = "kme"
        jdbc-read-journal.use-shared-db = "kme"
        pekko-persistence-jdbc.shared-databases.kme.db {
          connectionPool = "HikariCP"
          numThreads = 4
          maxConnections = 4
          minConnections = 1
        }
        pekko.actor.serializers.qbone-kme = "io.qbone.deploy.kme.KmeEventSerializer"
        pekko.actor.serialization-bindings {
          "io.qbone.qkd.kme.KmeEvent" = qbone-kme
          "io.qbone.qkd.kme.KeyLinkSnapshot" = qbone-kme
        }
        """);
    String db = "pekko-persistence-jdbc.shared-databases.kme";
    return fixed
        .withValue(db + ".profile", ConfigValueFactory.fromAnyRef(slickProfile))
        .withValue(db + ".db.driver", ConfigValueFactory.fromAnyRef(driver))
        .withValue(db + ".db.url", ConfigValueFactory.fromAnyRef(url))
        .withValue(db + ".db.user", ConfigValueFactory.fromAnyRef(user))
        .withValue(db + ".db.password", ConfigValueFactory.fromAnyRef(password));
  }
}
