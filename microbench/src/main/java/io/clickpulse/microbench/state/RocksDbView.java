package io.clickpulse.microbench.state;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.state.rocksdb.RocksDBKeyedStateBackend;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Direct access to the RocksDB column family behind one keyed state, to read its exact bytes and
 * RocksDB's own size properties. Flink keeps the handle internal, hence the reflection (measurement
 * only; the names are those of flink-statebackend-rocksdb 2.2).
 */
final class RocksDbView {
  /** The column family's entries: how many, and their key and value bytes. */
  record Scan(long entries, long keyBytes, long valueBytes, byte[] sampleKey, byte[] sampleValue) {}

  private final RocksDB db;
  private final ColumnFamilyHandle columnFamily;

  private RocksDbView(RocksDB db, ColumnFamilyHandle columnFamily) {
    this.db = db;
    this.columnFamily = columnFamily;
  }

  static RocksDbView of(KeyedStateBackend<?> backend, String stateName) throws Exception {
    if (!(backend instanceof RocksDBKeyedStateBackend<?> rocks)) {
      throw new IllegalStateException("Not the RocksDB backend: " + backend.getClass());
    }
    Field db = RocksDBKeyedStateBackend.class.getDeclaredField("db");
    db.setAccessible(true);
    Method handle =
        RocksDBKeyedStateBackend.class.getDeclaredMethod("getColumnFamilyHandle", String.class);
    handle.setAccessible(true);
    return new RocksDbView(
        (RocksDB) db.get(rocks), (ColumnFamilyHandle) handle.invoke(rocks, stateName));
  }

  /** Writes the memtable out, so that SST sizes cover every entry. */
  void flush() throws RocksDBException {
    try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
      db.flush(options, columnFamily);
    }
  }

  /** A full compaction: the steady state, without overlapping or deleted entries. */
  void compact() throws RocksDBException {
    db.compactRange(columnFamily);
  }

  long property(String name) throws RocksDBException {
    return Long.parseLong(db.getProperty(columnFamily, name));
  }

  Scan scan() {
    long entries = 0;
    long keyBytes = 0;
    long valueBytes = 0;
    byte[] sampleKey = null;
    byte[] sampleValue = null;
    try (RocksIterator it = db.newIterator(columnFamily)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        byte[] value = it.value();
        if (sampleKey == null) {
          sampleKey = key;
          sampleValue = value;
        }
        entries++;
        keyBytes += key.length;
        valueBytes += value.length;
      }
    }
    return new Scan(entries, keyBytes, valueBytes, sampleKey, sampleValue);
  }
}
