package dev.parley.registration.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.jdt.annotation.Nullable;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.registration.Binding;

/**
 * What one REGISTER does to the bindings of its address of record (RFC 3261 section 10.3 steps 6 to 8, RFC 5626
 * section 6), worked out completely before anything is written, so that a refused request changes nothing.
 *
 * @param before the unexpired bindings before the request, keyed by contact
 * @param upserts bindings to insert or replace
 * @param removed contacts whose bindings are deleted
 * @param after the unexpired bindings once the changes are applied, preferred first
 */
record BindingUpdate(Map<String, Binding> before, List<Binding> upserts, Set<String> removed, List<Binding> after) {

    /** Highest q first; among equal q the most recently updated first. */
    static final Comparator<Binding> PREFERENCE = Comparator.comparingDouble((Binding b) -> b.q()).reversed()
            .thenComparing(Binding::updated, Comparator.reverseOrder());

    /**
     * Plans the changes of {@code request} (which must have contacts) against {@code current}, the unexpired
     * bindings of its address of record.
     *
     * @throws IntervalTooBriefException for a non-zero expiry below {@code min.expires}
     * @throws ParleyException 400 for a misused wildcard, 500 for an out-of-order CSeq, 403 for too many contacts
     */
    static BindingUpdate plan(List<Binding> current, RegisterRequest request, RegistrationConfig config,
            Instant now) {
        Map<String, Binding> before = new LinkedHashMap<>();
        current.forEach(b -> before.put(b.contact(), b));
        Map<String, Binding> working = new LinkedHashMap<>(before);
        Map<String, Binding> upserts = new LinkedHashMap<>();
        Set<String> removed = new LinkedHashSet<>();

        if (request.contacts().stream().anyMatch(ContactRequest::isWildcard)) {
            checkWildcard(request);
            for (Binding binding : before.values()) {
                checkOrder(binding, request);
                removed.add(binding.contact());
            }
            return new BindingUpdate(before, List.of(), removed, List.of());
        }

        for (ContactRequest contact : request.contacts()) {
            long expires = expiresOf(contact, request, config);
            Binding match = findMatch(working, contact);
            if (match != null && !upserts.containsKey(match.contact())) {
                // only bindings that existed before this request take part in the Call-ID/CSeq rule
                checkOrder(match, request);
            }
            if (match != null && (expires == 0 || !match.contact().equals(contact.uri()))) {
                // removed by expires=0, or an RFC 5626 flow (same instance and reg-id) moved to a new contact
                working.remove(match.contact());
                upserts.remove(match.contact());
                if (before.containsKey(match.contact())) {
                    removed.add(match.contact());
                }
            }
            if (expires > 0) {
                Binding binding = new Binding(request.aor(), contact.uri(), now.plusSeconds(expires), contact.q(),
                        request.callId(), request.cseq(), request.transport(), request.source(), request.path(),
                        contact.instanceId(), contact.regId(), request.userAgent(), now);
                working.put(contact.uri(), binding);
                upserts.put(contact.uri(), binding);
                removed.remove(contact.uri());
            }
        }
        if (working.size() > config.max_contacts()) {
            throw new ParleyException(ParleyError.FORBIDDEN, "Too many contacts");
        }
        List<Binding> after = new ArrayList<>(working.values());
        after.sort(PREFERENCE);
        return new BindingUpdate(before, List.copyOf(upserts.values()), removed, after);
    }

    /**
     * The expiry a contact gets: its parameter, else the Expires header, else the default (never below the minimum:
     * a client that asked for nothing must not be refused); capped at the maximum.
     */
    static long expiresOf(ContactRequest contact, RegisterRequest request, RegistrationConfig config) {
        Long asked = contact.expires() != null ? contact.expires() : request.expiresHeader();
        if (asked == null) {
            return Math.min(Math.max(config.default_expires(), config.min_expires()), config.max_expires());
        }
        if (asked > 0 && asked < config.min_expires()) {
            throw new IntervalTooBriefException(config.min_expires());
        }
        return Math.min(asked, config.max_expires());
    }

    private static void checkWildcard(RegisterRequest request) {
        if (request.contacts().size() != 1) {
            throw new ParleyException(ParleyError.INVALID_ARGUMENT, "Contact * must be the only contact");
        }
        Long expires = request.expiresHeader();
        if (expires == null || expires != 0) {
            throw new ParleyException(ParleyError.INVALID_ARGUMENT, "Contact * requires Expires: 0");
        }
    }

    /**
     * RFC 3261 section 10.3 step 7: a request with the Call-ID of an existing binding must have a higher CSeq, or
     * it is older than what is stored (a delayed or reordered REGISTER) and fails as a whole.
     */
    private static void checkOrder(Binding existing, RegisterRequest request) {
        if (existing.callId().equals(request.callId()) && request.cseq() <= existing.cseq()) {
            throw new ParleyException(ParleyError.INTERNAL, "Out of order CSeq");
        }
    }

    /** The binding a contact updates: the same URI, else (RFC 5626) the same instance and reg-id. */
    private static @Nullable Binding findMatch(Map<String, Binding> bindings, ContactRequest contact) {
        Binding sameUri = bindings.get(contact.uri());
        if (sameUri != null || !contact.hasOutboundFlow()) {
            return sameUri;
        }
        return bindings.values().stream()
                .filter(b -> contact.instanceId().equals(b.instanceId()) && contact.regId() == b.regId())
                .findFirst().orElse(null);
    }
}
