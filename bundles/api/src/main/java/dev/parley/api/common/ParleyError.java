package dev.parley.api.common;

/**
 * Every error a Parley service reports, each with the SIP status (and reason phrase) and the HTTP status that
 * answer it on the wire.
 */
public enum ParleyError {
    INVALID_ARGUMENT(400, "Bad Request", 400),
    INVALID_ADDRESS(400, "Bad Request", 400),
    UNAUTHORIZED(401, "Unauthorized", 401),
    FORBIDDEN(403, "Forbidden", 403),
    NOT_FOUND(404, "Not Found", 404),
    ALREADY_EXISTS(409, "Conflict", 409),
    REQUEST_TIMEOUT(408, "Request Timeout", 504),
    PAYLOAD_TOO_LARGE(413, "Request Entity Too Large", 413),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported Media Type", 415),
    INTERVAL_TOO_BRIEF(423, "Interval Too Brief", 400),
    TEMPORARILY_UNAVAILABLE(480, "Temporarily Unavailable", 409),
    NO_SUCH_CALL(481, "Call/Transaction Does Not Exist", 404),
    BUSY_HERE(486, "Busy Here", 409),
    NOT_ACCEPTABLE_HERE(488, "Not Acceptable Here", 400),
    BAD_EVENT(489, "Bad Event", 400),
    /** The operation does not fit the current state (hold a call that is not established, ...). */
    INVALID_STATE(491, "Request Pending", 409),
    /** A configured limit was reached (calls per user, messages per second, ...). */
    LIMIT_EXCEEDED(503, "Service Unavailable", 429),
    DECLINED(603, "Decline", 409),
    SERVICE_UNAVAILABLE(503, "Service Unavailable", 503),
    INTERNAL(500, "Server Internal Error", 500);

    private final int sipStatus;
    private final String sipReason;
    private final int httpStatus;

    ParleyError(int sipStatus, String sipReason, int httpStatus) {
        this.sipStatus = sipStatus;
        this.sipReason = sipReason;
        this.httpStatus = httpStatus;
    }

    public int sipStatus() {
        return sipStatus;
    }

    public String sipReason() {
        return sipReason;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
