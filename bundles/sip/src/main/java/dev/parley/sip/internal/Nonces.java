package dev.parley.sip.internal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Digest nonces that need no table to validate: issue time and a serial number, signed with HMAC-SHA256 under a key
 * that lives as long as this object. Only nonces actually used are tracked, to enforce a strictly increasing nonce
 * count (replay protection); entries go when their nonce expires, and the table has a hard cap, so memory stays
 * bounded at any challenge rate. After a restart old nonces fail the signature and count as stale.
 */
final class Nonces {
    /** What a nonce and its count are worth. */
    enum Verdict {
        VALID, STALE, REPLAYED
    }

    /** Tracked nonces at most: 5,000 authentications/s, two algorithms, 60 s lifetime. */
    static final int MAX_TRACKED = 600_000;
    private static final int PAYLOAD_BYTES = 16;
    private static final int MAC_BYTES = 16;
    private static final long SWEEP_INTERVAL_MILLIS = 1_000;

    private final Clock clock;
    /** Initialised with the key and never used itself: each signature works on a clone (cheaper than init). */
    private final Mac keyedMac;
    private final AtomicLong serial = new AtomicLong();
    private final Map<Long, Usage> used = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep = new AtomicLong();
    private volatile long lifetimeMillis;

    /** Highest nonce count seen for one nonce. */
    private static final class Usage {
        final long issuedAt;
        private long lastCount;

        Usage(long issuedAt) {
            this.issuedAt = issuedAt;
        }

        synchronized boolean advanceTo(long count) {
            if (count <= lastCount) {
                return false;
            }
            lastCount = count;
            return true;
        }
    }

    Nonces(Clock clock, int lifetimeSeconds) {
        this.clock = clock;
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
        sweepIfDue(now);
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
        if (now - issuedAt > lifetimeMillis || issuedAt > now + SWEEP_INTERVAL_MILLIS) {
            return Verdict.STALE;
        }
        Usage usage = used.get(number);
        if (usage == null) {
            if (used.size() >= MAX_TRACKED) {
                return Verdict.STALE; // table full: make the client start over with a fresh nonce
            }
            usage = used.computeIfAbsent(number, n -> new Usage(issuedAt));
        }
        return usage.advanceTo(count) ? Verdict.VALID : Verdict.REPLAYED;
    }

    int tracked() {
        return used.size();
    }

    private void sweepIfDue(long now) {
        long due = nextSweep.get();
        if (now >= due && nextSweep.compareAndSet(due, now + SWEEP_INTERVAL_MILLIS)) {
            long oldestValid = now - lifetimeMillis;
            used.values().removeIf(usage -> usage.issuedAt < oldestValid);
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
