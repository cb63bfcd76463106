package dev.parley.call.internal.history;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.parley.api.call.CallHistoryService;
import dev.parley.api.call.CallRecord;
import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.store.CallHistoryStore;

/** Each user's history of ended calls, as {@link CallHistoryRecorder} wrote it to the store. */
@Component(service = CallHistoryService.class)
public final class CallHistoryServiceImpl implements CallHistoryService {

    private final CallHistoryStore store;

    @Activate
    public CallHistoryServiceImpl(@Reference CallHistoryStore store) {
        this.store = store;
    }

    @Override
    public List<CallRecord> history(SipAddress user, int limit) {
        if (limit < 1) {
            throw new ParleyException(ParleyError.INVALID_ARGUMENT, "the limit must be at least 1, got " + limit);
        }
        return store.history(user, limit);
    }

    @Override
    public boolean delete(SipAddress user, String callId) {
        return store.delete(user, callId);
    }

    @Override
    public int deleteAll(SipAddress user) {
        return store.deleteAll(user);
    }
}
