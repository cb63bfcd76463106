package dev.parley.media.internal.audio;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * libjitsi's JNI binding of libopus ({@code org.jitsi.impl.neomedia.codec.audio.opus.Opus}), reached through method
 * handles: libjitsi keeps that package private, so the class is loaded through libjitsi's own class loader (which
 * also finds the bundled native library through its Bundle-NativeCode) instead of being imported.
 */
public final class OpusBinding {

    public static final String CLASS_NAME = "org.jitsi.impl.neomedia.codec.audio.opus.Opus";

    private final MethodHandle decoderCreate;
    private final MethodHandle decoderDestroy;
    private final MethodHandle decode;
    private final MethodHandle encoderCreate;
    private final MethodHandle encoderDestroy;
    private final MethodHandle encoderSetBitrate;
    private final MethodHandle encode;

    /** Binds to {@code opus} (libjitsi's Opus class) and checks that its native library works. */
    public OpusBinding(Class<?> opus) throws ReflectiveOperationException {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodType create = MethodType.methodType(long.class, int.class, int.class);
        MethodType destroy = MethodType.methodType(void.class, long.class);
        decoderCreate = lookup.findStatic(opus, "decoder_create", create);
        decoderDestroy = lookup.findStatic(opus, "decoder_destroy", destroy);
        decode = lookup.findStatic(opus, "decode", MethodType.methodType(int.class, long.class, byte[].class,
                int.class, int.class, byte[].class, int.class, int.class, int.class));
        encoderCreate = lookup.findStatic(opus, "encoder_create", create);
        encoderDestroy = lookup.findStatic(opus, "encoder_destroy", destroy);
        encoderSetBitrate = lookup.findStatic(opus, "encoder_set_bitrate",
                MethodType.methodType(int.class, long.class, int.class));
        encode = lookup.findStatic(opus, "encode", MethodType.methodType(int.class, long.class, byte[].class,
                int.class, int.class, byte[].class, int.class, int.class));
        MethodHandle check = lookup.findStatic(opus, "assertOpusIsFunctional", MethodType.methodType(void.class));
        invoke(() -> {
            check.invokeExact();
            return null;
        });
    }

    long decoderCreate(int rate, int channels) {
        return (long) invoke(() -> (long) decoderCreate.invokeExact(rate, channels));
    }

    void decoderDestroy(long decoder) {
        invoke(() -> {
            decoderDestroy.invokeExact(decoder);
            return null;
        });
    }

    int decode(long decoder, byte[] in, int offset, int length, byte[] out, int frameSize) {
        return (int) invoke(() -> (int) decode.invokeExact(decoder, in, offset, length, out, 0, frameSize, 0));
    }

    long encoderCreate(int rate, int channels) {
        return (long) invoke(() -> (long) encoderCreate.invokeExact(rate, channels));
    }

    void encoderDestroy(long encoder) {
        invoke(() -> {
            encoderDestroy.invokeExact(encoder);
            return null;
        });
    }

    void encoderSetBitrate(long encoder, int bitrate) {
        invoke(() -> (int) encoderSetBitrate.invokeExact(encoder, bitrate));
    }

    int encode(long encoder, byte[] in, int frameSize, byte[] out, int outLength) {
        return (int) invoke(() -> (int) encode.invokeExact(encoder, in, 0, frameSize, out, 0, outLength));
    }

    @FunctionalInterface
    private interface Call {
        Object call() throws Throwable;
    }

    private static Object invoke(Call call) {
        try {
            return call.call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("libopus call failed", e);
        }
    }
}
