package dev.parley.media.internal.audio;

/** The tests' measure of one frequency in a signal. */
public final class Goertzel {

    private Goertzel() {
    }

    /** The power of {@code frequency} in {@code samples} from index {@code from}, per sample, at {@code rate}. */
    public static double power(short[] samples, int from, double frequency, int rate) {
        double coefficient = 2 * Math.cos(2 * Math.PI * frequency / rate);
        double previous = 0;
        double beforePrevious = 0;
        for (int i = from; i < samples.length; i++) {
            double current = samples[i] + coefficient * previous - beforePrevious;
            beforePrevious = previous;
            previous = current;
        }
        return (previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious)
                / (samples.length - from);
    }
}
