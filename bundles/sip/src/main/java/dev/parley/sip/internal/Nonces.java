package dev.parley.sip.internal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Digest nonces that need no table to validate: issue time and a serial number, signed with HMAC-SHA256 under a key
 * that lives as long as this object. After a restart old nonces fail the signature and count as stale.
 * <p>
 * Replay protection needs the highest nonce count seen per used nonce. That is kept in two preallocated arrays indexed
 * by the serial number, not in a map: a map entry per authentication lives for the nonce's lifetime, and objects
 * that live tens of seconds are what the young collections copy again and again (their pauses decided the REGISTER
 * benchmark's p99). A slot is reused by the nonce issued {@code slots} later; a nonce older than that is stale, so the
 * client simply gets a fresh one. Memory is fixed at 16 bytes per slot at any challenge rate.
 */
final class Nonces {
    /** What a nonce and its count are worth. */
    enum Verdict {
        VALID, STALE, REPLAYED
    }

    /** 2^19 slots (8 MiB): a nonce stays usable for 60 s up to about 8,700 challenges/s. */
    static final int DEFAULT_SLOTS = 1 << 19;
    private static final int PAYLOAD_BYTES = 16;
    private static final int MAC_BYTES = 16;
    private static final int LOCK_STRIPES = 64;
    /** Clock skew tolerated between issue and check. */
    private static final long SKEW_MILLIS = 1_000;

    private final Clock clock;
    /** Initialised with the key and never used itself: each signature works on a clone (cheaper than init). */
    private final Mac keyedMac;
    private final AtomicLong serial = new AtomicLong();
    private final int slotMask;
    /** Serial number of the nonce that last used each slot (0: none). */
    private final long[] slotSerial;
    /** Highest nonce count used with that nonce. */
    private final long[] slotCount;
    private final Object[] stripes = new Object[LOCK_STRIPES];
    private volatile long lifetimeMillis;

    Nonces(Clock clock, int lifetimeSeconds) {
        this(clock, lifetimeSeconds, DEFAULT_SLOTS);
    }

    /** @param slots a power of two: how many nonces may be issued while one stays usable */
    Nonces(Clock clock, int lifetimeSeconds, int slots) {
        if (slots <= 0 || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two, got " + slots);
        }
        this.clock = clock;
        this.slotMask = slots - 1;
        this.slotSerial = new long[slots];
        this.slotCount = new long[slots];
        for (int i = 0; i < LOCK_STRIPES; i++) {
            stripes[i] = new Object();
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        try {
            keyedMac = Mac.getInstance("HmacSHA256");
            keyedMac.init(new SecretKeySpec(secret, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
        setLifetime(lifetimeSeconds);
    }

    void setLifetime(int seconds) {
        lifetimeMillis = Math.max(1, seconds) * 1000L;
    }

    String issue() {
        ByteBuffer nonce = ByteBuffer.allocate(PAYLOAD_BYTES + MAC_BYTES);
        nonce.putLong(clock.millis()).putLong(serial.incrementAndGet());
        nonce.put(sign(nonce.array()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce.array());
    }

    /** Checks a nonce and records {@code count} (the nc value) as used. */
    Verdict check(String nonce, long count) {
        long now = clock.millis();
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return Verdict.STALE;
        }
        if (bytes.length != PAYLOAD_BYTES + MAC_BYTES
                || !MessageDigest.isEqual(sign(bytes), Arrays.copyOfRange(bytes, PAYLOAD_BYTES, bytes.length))) {
            return Verdict.STALE; // not ours: forged, garbled, or issued before a restart
        }
        ByteBuffer payload = ByteBuffer.wrap(bytes);
        long issuedAt = payload.getLong();
        long number = payload.getLong();
        if (now - issuedAt > lifetimeMillis || issuedAt > now + SKEW_MILLIS
                || serial.get() - number > slotMask) {
            return Verdict.STALE; // expired, or its slot may already belong to a newer nonce
        }
        return use(number, count) ? Verdict.VALID : Verdict.REPLAYED;
    }

    /** Records {@code count} for nonce {@code number}; false unless it is higher than every count used before. */
    private boolean use(long number, long count) {
        int slot = (int) (number & slotMask);
        synchronized (stripes[slot % LOCK_STRIPES]) {
            long highest = slotSerial[slot] == number ? slotCount[slot] : 0;
            if (count <= highest) {
                return false;
            }
            slotSerial[slot] = number;
            slotCount[slot] = count;
            return true;
        }
    }

    /** HMAC over the payload (the first 16 bytes), truncated to 128 bits. */
    private byte[] sign(byte[] nonce) {
        try {
            Mac mac = (Mac) keyedMac.clone();
            mac.update(nonce, 0, PAYLOAD_BYTES);
            return Arrays.copyOf(mac.doFinal(), MAC_BYTES);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("this JVM's HmacSHA256 cannot be cloned", e);
        }
    }
}
