package org.dirdb.store;

import java.time.Instant;

/**
 * What a stat of an entry's files tells, without opening any of them.
 *
 * @param name            the entry name
 * @param hasPayload      {@code NAME.pickle} exists
 * @param hasMeta         {@code NAME.json} exists
 * @param payloadFileSize size of {@code NAME.pickle} in bytes (the pickle stream, not the payload), or -1
 * @param modified        the later modification time of the entry's files
 */
public record EntryStat(String name, boolean hasPayload, boolean hasMeta, long payloadFileSize, Instant modified) {}
