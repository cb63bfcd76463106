package spike;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.media.Buffer;
import javax.media.Format;
import javax.media.format.AudioFormat;
import javax.media.control.FormatControl;

import org.jitsi.impl.neomedia.jmfext.media.protocol.AbstractPushBufferCaptureDevice;
import org.jitsi.impl.neomedia.jmfext.media.protocol.AbstractPushBufferStream;

/**
 * A capture device that pushes a WAV file (8 kHz mono 16-bit PCM, looped) in 20 ms buffers on its own clock
 * thread: what libjitsi lacks to play a prompt headless.
 */
public final class WavCaptureDevice extends AbstractPushBufferCaptureDevice {
    static final AudioFormat FORMAT = new AudioFormat(AudioFormat.LINEAR, 8000, 16, 1, AudioFormat.LITTLE_ENDIAN,
            AudioFormat.SIGNED, 16, Format.NOT_SPECIFIED, Format.byteArray);

    private final byte[] pcm;

    public WavCaptureDevice(Path wav) throws IOException {
        byte[] file = Files.readAllBytes(wav);
        ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int position = 12;
        while (position + 8 <= file.length) { // find the data chunk
            int id = buffer.getInt(position);
            int size = buffer.getInt(position + 4);
            if (id == 0x61746164) { // "data"
                pcm = java.util.Arrays.copyOfRange(file, position + 8, Math.min(file.length, position + 8 + size));
                return;
            }
            position += 8 + size + (size & 1);
        }
        throw new IOException("no data chunk in " + wav);
    }

    @Override
    protected Format[] getSupportedFormats(int streamIndex) {
        return new Format[] { FORMAT };
    }

    @Override
    protected AbstractPushBufferStream<?> createStream(int streamIndex, FormatControl formatControl) {
        return new WavStream(this, formatControl);
    }

    private static final class WavStream extends AbstractPushBufferStream<WavCaptureDevice> implements Runnable {
        private static final int FRAME = 320; // 20 ms of 8 kHz 16-bit
        private volatile Thread clock;
        private int position;
        private long sequence;

        WavStream(WavCaptureDevice device, FormatControl formatControl) {
            super(device, formatControl);
        }

        @Override
        public void start() throws IOException {
            super.start();
            Thread thread = new Thread(this, "wav-capture");
            thread.setDaemon(true);
            clock = thread;
            thread.start();
        }

        @Override
        public void stop() throws IOException {
            clock = null;
            super.stop();
        }

        @Override
        public void run() {
            long next = System.nanoTime();
            while (clock == Thread.currentThread()) {
                var handler = transferHandler;
                if (handler != null) {
                    handler.transferData(this);
                }
                next += 20_000_000L;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        @Override
        public void read(Buffer buffer) {
            byte[] pcm = dataSource.pcm;
            Object data = buffer.getData();
            byte[] out = data instanceof byte[] bytes && bytes.length >= FRAME ? bytes : new byte[FRAME];
            for (int i = 0; i < FRAME; i++) {
                out[i] = pcm[position];
                position = (position + 1) % pcm.length;
            }
            buffer.setData(out);
            buffer.setOffset(0);
            buffer.setLength(FRAME);
            buffer.setFormat(getFormat());
            buffer.setSequenceNumber(sequence++);
            buffer.setTimeStamp(System.nanoTime());
            buffer.setFlags(Buffer.FLAG_SYSTEM_TIME | Buffer.FLAG_LIVE_DATA);
        }
    }
}
