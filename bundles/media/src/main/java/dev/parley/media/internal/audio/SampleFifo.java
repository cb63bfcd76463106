package dev.parley.media.internal.audio;

/**
 * A bounded queue of 16-bit samples between the receive thread (writer) and the clock thread (reader) of a
 * conference: a participant whose clock runs fast loses its oldest audio instead of building up delay.
 */
public final class SampleFifo {

    private final short[] ring;
    private int start;
    private int size;

    public SampleFifo(int capacity) {
        ring = new short[capacity];
    }

    public synchronized void write(short[] samples, int count) {
        for (int i = 0; i < count; i++) {
            if (size == ring.length) { // full: drop the oldest
                start = (start + 1) % ring.length;
                size--;
            }
            ring[(start + size) % ring.length] = samples[i];
            size++;
        }
    }

    /** Fills {@code out[0..count)}, with silence where the queue runs short; returns how many samples were real. */
    public synchronized int read(short[] out, int count) {
        int available = Math.min(count, size);
        for (int i = 0; i < available; i++) {
            out[i] = ring[(start + i) % ring.length];
        }
        java.util.Arrays.fill(out, available, count, (short) 0);
        start = (start + available) % ring.length;
        size -= available;
        return available;
    }

    public synchronized int size() {
        return size;
    }
}
