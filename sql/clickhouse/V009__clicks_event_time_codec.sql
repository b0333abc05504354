-- event_time: T64 + LZ4 instead of DoubleDelta + ZSTD(1). Within an hour the rows are sorted by
-- link and event id, so their times jump back and forth and DoubleDelta finds no regular steps;
-- T64 keeps only the bits that vary within a block. Measured on 10 M dashboard clicks: 28.5 MiB
-- instead of 40 MiB, and scanning the column (every dashboard range filter) 36 instead of 136
-- CPU ms. The sorting key only reads the value, so changing the codec rewrites nothing: parts
-- written from now on, and merged ones, use it.
ALTER TABLE clicks MODIFY COLUMN event_time DateTime64(3, 'UTC') CODEC(T64, LZ4);
