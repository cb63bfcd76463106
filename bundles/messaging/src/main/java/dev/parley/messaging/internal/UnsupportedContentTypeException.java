package dev.parley.messaging.internal;

import java.util.List;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;

/** A content type Parley does not relay: answered 415 with an {@code Accept} header listing {@link #accepted()}. */
public class UnsupportedContentTypeException extends ParleyException {
    private static final long serialVersionUID = 1L;

    private final List<String> accepted;

    public UnsupportedContentTypeException(String contentType, List<String> accepted) {
        super(ParleyError.UNSUPPORTED_MEDIA_TYPE, "Unsupported content type " + contentType);
        this.accepted = List.copyOf(accepted);
    }

    public List<String> accepted() {
        return accepted;
    }
}
