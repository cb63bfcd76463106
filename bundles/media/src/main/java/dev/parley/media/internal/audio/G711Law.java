package dev.parley.media.internal.audio;

/** The two G.711 laws, with their WAV format tag (RFC 2361) and the byte of a zero sample. */
public enum G711Law {
    ULAW(7, G711.ULAW_SILENCE), ALAW(6, G711.ALAW_SILENCE);

    private final int wavFormatTag;
    private final byte silence;

    G711Law(int wavFormatTag, byte silence) {
        this.wavFormatTag = wavFormatTag;
        this.silence = silence;
    }

    public int wavFormatTag() {
        return wavFormatTag;
    }

    public byte silence() {
        return silence;
    }

    public short decode(byte b) {
        return this == ULAW ? G711.decodeUlaw(b) : G711.decodeAlaw(b);
    }

    public byte encode(short sample) {
        return this == ULAW ? G711.encodeUlaw(sample) : G711.encodeAlaw(sample);
    }
}
