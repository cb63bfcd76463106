package dev.parley.media.internal.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SampleFifoTest {

    private static short[] frame(int value) {
        short[] frame = new short[4];
        java.util.Arrays.fill(frame, (short) value);
        return frame;
    }

    @Test
    void readingStartsOnceThePrebufferIsFullAndAbsorbsALateFrame() {
        SampleFifo fifo = new SampleFifo(32, 8);
        short[] out = new short[4];
        fifo.write(frame(1), 4);
        assertEquals(0, fifo.read(out, 4), "one frame is not enough yet");
        assertArrayEquals(frame(0), out);
        fifo.write(frame(2), 4);
        assertEquals(4, fifo.read(out, 4));
        assertArrayEquals(frame(1), out);
        // the next frame is late: the second one buffered covers the tick
        assertEquals(4, fifo.read(out, 4));
        assertArrayEquals(frame(2), out);
    }

    @Test
    void afterRunningDryItBuffersAgain() {
        SampleFifo fifo = new SampleFifo(32, 8);
        short[] out = new short[4];
        fifo.write(frame(1), 4);
        fifo.write(frame(2), 4);
        fifo.read(out, 4);
        fifo.read(out, 4);
        assertEquals(0, fifo.read(out, 4), "dry");
        fifo.write(frame(3), 4);
        assertEquals(0, fifo.read(out, 4), "buffering again");
        fifo.write(frame(4), 4);
        assertEquals(4, fifo.read(out, 4));
        assertArrayEquals(frame(3), out);
    }

    @Test
    void aFullQueueDropsItsOldestSamples() {
        SampleFifo fifo = new SampleFifo(8, 4);
        short[] out = new short[4];
        fifo.write(frame(1), 4);
        fifo.write(frame(2), 4);
        fifo.write(frame(3), 4);
        assertEquals(8, fifo.size());
        fifo.read(out, 4);
        assertArrayEquals(frame(2), out);
    }

    @Test
    void thePrebufferMustFit() {
        assertThrows(IllegalArgumentException.class, () -> new SampleFifo(8, 8));
    }
}
