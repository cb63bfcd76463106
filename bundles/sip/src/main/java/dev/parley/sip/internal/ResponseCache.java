package dev.parley.sip.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.eclipse.jdt.annotation.Nullable;

/**
 * What a completed non-INVITE server transaction over UDP must remember (RFC 3261 section 17.2.2): that a request
 * is being worked on, so that its retransmissions are absorbed, and then its final response, so that they are
 * answered again, for 64*T1 = 32 s. Parley keeps that here instead of in a jain-sip transaction per request.
 * <p>
 * Why not the stack's transactions: at 4,000 REGISTERs/s about 128,000 completed transactions are alive at any time,
 * each an object graph (transaction, timer task, locks, via host, table entry, response bytes) that lives 32 s and is
 * copied by every young collection until it is tenured; those copies were the young-GC pauses that kept the REGISTER
 * benchmark's p99 above 10 ms. Here an entry is a run of bytes in one preallocated ring, indexed by a preallocated
 * {@code long[]}: no object per request survives a collection.
 * <p>
 * Entries are written one after the other into the ring; the oldest are overwritten when it wraps, so the ring's size
 * bounds memory and decides how long entries last under load (64 MiB holds about 90,000 answered requests, 32 s at
 * 2,800/s). An index slot holds the ring position of an entry; a position the writer has since passed, or an entry
 * older than 32 s, is simply not found. Thread-safe by one lock: each operation copies a few hundred bytes.
 */
final class ResponseCache {
    /** What is known of a request. */
    enum State {
        /** Not seen within 32 s: the caller now owns it, and it is recorded as in progress. */
        NEW,
        /** Seen and not answered yet: a retransmission to absorb. */
        IN_PROGRESS,
        /** Answered: send {@link Lookup#response()} again. */
        COMPLETED
    }

    record Lookup(State state, byte @Nullable [] response) {
        private static final Lookup NEW = new Lookup(State.NEW, null);
        private static final Lookup IN_PROGRESS = new Lookup(State.IN_PROGRESS, null);
    }

    /** Timer J for UDP: how long a completed non-INVITE server transaction absorbs retransmissions. */
    static final long LIFETIME_MILLIS = 64 * 500;
    private static final int PROBES = 8;
    /** A longer key (an absurd branch) is not cached: its retransmissions are processed again. */
    static final int MAX_KEY_BYTES = 1024;
    /** Entry header: stored at (long), key length (short), response length (int, -1: none); then key, response. */
    private static final int STORED_AT = 0;
    private static final int KEY_LENGTH = 8;
    private static final int RESPONSE_LENGTH = 10;
    private static final int HEADER_BYTES = 14;
    private static final int NO_RESPONSE = -1;
    private static final long EMPTY = -1;

    private final byte[] ring;
    private final long[] index;
    private final int indexMask;
    /** Ring position of the next entry; physical offset = position modulo the ring's length. */
    private long writePosition;

    /** @param ringBytes memory for entries; the index gets one slot per 256 bytes of ring, rounded to a power of two */
    ResponseCache(int ringBytes) {
        if (ringBytes < 64 * 1024) {
            throw new IllegalArgumentException("the response cache needs at least 64 KiB, got " + ringBytes);
        }
        this.ring = new byte[ringBytes];
        int slots = Integer.highestOneBit(ringBytes / 256) * 2;
        this.index = new long[slots];
        this.indexMask = slots - 1;
        Arrays.fill(index, EMPTY);
    }

    /** Looks {@code key} up and, when it is new, records it as in progress (atomically, so one worker owns it). */
    synchronized Lookup begin(String key, long now) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        if (keyBytes.length > MAX_KEY_BYTES) {
            return Lookup.NEW;
        }
        long found = find(keyBytes, now);
        if (found != EMPTY) {
            int offset = offset(found);
            int responseLength = readInt(offset + RESPONSE_LENGTH);
            if (responseLength == NO_RESPONSE) {
                return Lookup.IN_PROGRESS;
            }
            int start = offset + HEADER_BYTES + keyBytes.length;
            return new Lookup(State.COMPLETED, Arrays.copyOfRange(ring, start, start + responseLength));
        }
        store(keyBytes, null, now);
        return Lookup.NEW;
    }

    /** Records the final response sent for {@code key}; its retransmissions get these bytes for 32 s. */
    synchronized void complete(String key, byte[] response, long now) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        if (keyBytes.length <= MAX_KEY_BYTES) {
            store(keyBytes, response, now);
        }
    }

    private long find(byte[] key, long now) {
        int home = hash(key);
        for (int probe = 0; probe < PROBES; probe++) {
            long position = index[(home + probe) & indexMask];
            if (isLive(position, now) && keyEquals(offset(position), key)) {
                return position;
            }
        }
        return EMPTY;
    }

    private void store(byte[] key, byte @Nullable [] response, long now) {
        int responseLength = response == null ? 0 : response.length;
        int length = HEADER_BYTES + key.length + responseLength;
        if (length > ring.length / 4) {
            return; // a response this large is not worth evicting a quarter of the cache for; it is re-processed
        }
        if (offset(writePosition) + length > ring.length) {
            writePosition += ring.length - offset(writePosition); // entries never straddle the ring's end
        }
        long position = writePosition;
        int offset = offset(position);
        writeLong(offset + STORED_AT, now);
        ring[offset + KEY_LENGTH] = (byte) (key.length >>> 8);
        ring[offset + KEY_LENGTH + 1] = (byte) key.length;
        writeInt(offset + RESPONSE_LENGTH, response == null ? NO_RESPONSE : responseLength);
        System.arraycopy(key, 0, ring, offset + HEADER_BYTES, key.length);
        if (response != null) {
            System.arraycopy(response, 0, ring, offset + HEADER_BYTES + key.length, responseLength);
        }
        writePosition += length;
        index[slotFor(key, now)] = position;
    }

    /** The slot holding {@code key}, else a free or dead one, else the oldest of the probed slots. */
    private int slotFor(byte[] key, long now) {
        int home = hash(key);
        int oldest = home & indexMask;
        for (int probe = 0; probe < PROBES; probe++) {
            int slot = (home + probe) & indexMask;
            long position = index[slot];
            if (!isLive(position, now) || keyEquals(offset(position), key)) {
                return slot;
            }
            if (position < index[oldest]) {
                oldest = slot;
            }
        }
        return oldest;
    }

    /**
     * Not overwritten (the writer, moving forward, has not come round to the entry's first byte again) and younger
     * than 32 s. A skip at the ring's end only makes this stricter.
     */
    private boolean isLive(long position, long now) {
        return position != EMPTY && writePosition - position <= ring.length
                && now - readLong(offset(position) + STORED_AT) <= LIFETIME_MILLIS;
    }

    private boolean keyEquals(int offset, byte[] key) {
        int keyLength = ((ring[offset + KEY_LENGTH] & 0xff) << 8) | (ring[offset + KEY_LENGTH + 1] & 0xff);
        int start = offset + HEADER_BYTES;
        return keyLength == key.length && Arrays.equals(ring, start, start + keyLength, key, 0, key.length);
    }

    private int hash(byte[] key) {
        int h = Arrays.hashCode(key);
        return h ^ (h >>> 16);
    }

    private int offset(long position) {
        return (int) (position % ring.length);
    }

    private int readInt(int offset) {
        return ((ring[offset] & 0xff) << 24) | ((ring[offset + 1] & 0xff) << 16) | ((ring[offset + 2] & 0xff) << 8)
                | (ring[offset + 3] & 0xff);
    }

    private long readLong(int offset) {
        return ((long) readInt(offset) << 32) | (readInt(offset + 4) & 0xffffffffL);
    }

    private void writeInt(int offset, int value) {
        ring[offset] = (byte) (value >>> 24);
        ring[offset + 1] = (byte) (value >>> 16);
        ring[offset + 2] = (byte) (value >>> 8);
        ring[offset + 3] = (byte) value;
    }

    private void writeLong(int offset, long value) {
        writeInt(offset, (int) (value >>> 32));
        writeInt(offset + 4, (int) value);
    }
}
