package dev.parley.api.call;

import java.util.List;

import dev.parley.api.common.SipAddress;

/**
 * Two calls of one user joined into a three-party conference by {@link CallService#join}: Parley anchors the media
 * of all three parties and mixes it, so each hears the other two.
 *
 * @param id the conference's identifier (not a call id); events {@link CallService#TOPIC_JOINED} carry it
 * @param commonParty the user present in both calls, who joined them
 * @param callIds the two joined calls, in the order given to {@code join}
 */
public record JoinedCalls(String id, SipAddress commonParty, List<String> callIds) {

    public JoinedCalls {
        callIds = List.copyOf(callIds);
    }
}
