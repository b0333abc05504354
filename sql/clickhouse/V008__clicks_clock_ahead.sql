-- Events whose time was far ahead of their Kafka partition's recent event times when the job read
-- them (a client or producer clock running fast): how far ahead, in milliseconds; 0 for all others.
-- Such events are stored and counted in their own minute but do not advance the job's event time
-- (docs/events.md, "Event time"). Diagnostic: after a restart the first events of a partition are
-- judged against fewer recent events, so a replayed row may carry a different value.
ALTER TABLE clicks ADD COLUMN IF NOT EXISTS clock_ahead_ms UInt32 DEFAULT 0 CODEC(T64, ZSTD(1));
