package dev.parley.media.internal.audio;

/** PCMU or PCMA: one byte per sample, by table. */
public final class G711Codec implements AudioCodec {

    private final G711Law law;

    public G711Codec(G711Law law) {
        this.law = law;
    }

    @Override
    public int decode(byte[] payload, int offset, int length, short[] out) {
        int count = Math.min(length, out.length);
        for (int i = 0; i < count; i++) {
            out[i] = law.decode(payload[offset + i]);
        }
        return count;
    }

    @Override
    public int encode(short[] samples, int count, byte[] out) {
        for (int i = 0; i < count; i++) {
            out[i] = law.encode(samples[i]);
        }
        return count;
    }

    @Override
    public void close() {
        // stateless
    }
}
