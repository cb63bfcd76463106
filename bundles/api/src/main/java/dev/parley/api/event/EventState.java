package dev.parley.api.event;

/**
 * A state document sent in a NOTIFY body.
 *
 * @param contentType the body's media type, such as {@code application/pidf+xml}
 * @param body the document
 */
public record EventState(String contentType, String body) {
}
