package dev.parley.messaging.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The configuration as the service applies it: accepted and indication content types, size, rate, retry
 * schedule and delivery window. Immutable;
 * replaced as a whole by {@code @Modified}.
 */
record Limits(int maxBodySize, List<String> contentTypes, List<String> indicationTypes, double ratePerSender,
        int rateBurst, Duration expiry, Duration retryInitial, Duration retryMax, int deliveryWindow,
        boolean acceptForeignSenders) {

    Limits {
        contentTypes = wellFormed(contentTypes);
        indicationTypes = wellFormed(indicationTypes);
    }

    private static List<String> wellFormed(List<String> mediaTypes) {
        // only well-formed type/subtype entries: each becomes an Accept header value of a 415
        return mediaTypes.stream().map(t -> t.trim().toLowerCase(Locale.ROOT))
                .filter(t -> t.indexOf('/') > 0 && t.indexOf('/') < t.length() - 1).toList();
    }

    static Limits of(MessagingConfig config) {
        return new Limits(config.max_body_size(), split(config.content_types()), split(config.indication_types()),
                config.rate_per_sender(), config.rate_burst(), Duration.ofSeconds(config.expiry()),
                Duration.ofSeconds(config.retry_initial()), Duration.ofSeconds(config.retry_max()),
                Math.max(1, config.delivery_window()), config.accept_foreign_senders());
    }

    /** A .cfg file gives "a,b,c" as one string: split it, so both forms work. */
    private static List<String> split(String[] values) {
        return Stream.of(values).flatMap(t -> Stream.of(t.split(","))).toList();
    }

    /** Whether a Content-Type value is an indication (relayed to online contacts only, never stored). */
    boolean isIndication(String contentType) {
        return indicationTypes.contains(mediaType(contentType));
    }

    /** Whether the media type of a Content-Type value ({@code text/plain;charset=utf-8}) is accepted. */
    boolean accepts(String contentType) {
        String mediaType = mediaType(contentType);
        int slash = mediaType.indexOf('/');
        if (slash <= 0 || slash == mediaType.length() - 1) {
            return false;
        }
        String anySubtype = mediaType.substring(0, slash) + "/*";
        return contentTypes.contains(mediaType) || contentTypes.contains(anySubtype);
    }

    /**
     * When to try again after {@code failedAttempts} failures counted from {@code now}: {@link #retryInitial},
     * doubled per further failure, at most {@link #retryMax}.
     */
    Instant nextAttempt(int failedAttempts, Instant now) {
        Duration delay = retryInitial;
        for (int i = 1; i < failedAttempts && delay.compareTo(retryMax) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return now.plus(delay.compareTo(retryMax) < 0 ? delay : retryMax);
    }

    /** {@code type/subtype} in lower case, without parameters. */
    static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
