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
    INTERVAL_TOO_BRIEF(423, "Interval Too Brief", 400),
    TEMPORARILY_UNAVAILABLE(480, "Temporarily Unavailable", 409),
    BUSY_HERE(486, "Busy Here", 409),
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
