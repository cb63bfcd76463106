package dev.parley.api.presence;

/** A user's explicit rule for one watcher, overriding the default (same domain may watch, others may not). */
public enum WatcherPolicy {
    /** This watcher may see the user's presence, whatever its domain. */
    ALLOW,
    /** This watcher may not, even from the user's own domain. */
    BLOCK
}
