package io.clickpulse.jobs.wire;

import java.io.IOException;
import java.io.Serializable;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * How one record type crosses the network between tasks, written and read field by field: the form
 * of a {@link WireSerializer}. An implementation keeps no state and has a public no-argument
 * constructor (a serializer snapshot names it by class).
 */
public interface WireFormat<T> extends Serializable {
  void write(T value, DataOutputView out) throws IOException;

  T read(DataInputView in) throws IOException;
}
