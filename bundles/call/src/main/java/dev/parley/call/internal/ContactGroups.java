package dev.parley.call.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.parley.api.registration.Binding;

/** Forking order (RFC 3261 section 16.6): contacts of equal q are tried in parallel, higher q groups first. */
public final class ContactGroups {

    private ContactGroups() {
    }

    /** The bindings grouped by q, highest q first; within a group the order of {@code bindings} is kept. */
    public static List<List<Binding>> byQ(List<Binding> bindings) {
        Map<Float, List<Binding>> groups = new LinkedHashMap<>();
        bindings.stream().sorted(Comparator.comparing(Binding::q).reversed())
                .forEach(binding -> groups.computeIfAbsent(binding.q(), q -> new ArrayList<>()).add(binding));
        return List.copyOf(groups.values().stream().map(List::copyOf).toList());
    }
}
