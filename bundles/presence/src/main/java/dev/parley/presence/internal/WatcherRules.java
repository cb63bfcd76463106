package dev.parley.presence.internal;

import java.util.Map;

import org.eclipse.jdt.annotation.Nullable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.common.SipAddress;
import dev.parley.api.event.Subscription;
import dev.parley.api.event.SubscriptionService;
import dev.parley.api.presence.WatcherPolicy;
import dev.parley.store.PresenceStore;

/**
 * Who may watch whom: a user always sees himself; then the user's explicit rule for the watcher (allow or block);
 * then the default, users of the same domain may watch each other ({@code same.domain.watch}), others may not.
 */
@Component(service = WatcherRules.class, configurationPid = PresenceConfig.PID)
public final class WatcherRules {

    private static final Logger LOG = LoggerFactory.getLogger(WatcherRules.class);

    private final PresenceStore store;
    private volatile boolean sameDomainWatch;

    /** Optional: with it, blocking a watcher also ends the watcher's current subscriptions. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile @Nullable SubscriptionService subscriptions;

    @Activate
    public WatcherRules(@Reference PresenceStore store, PresenceConfig config) {
        this.store = store;
        this.sameDomainWatch = config.same_domain_watch();
    }

    /** Existing subscriptions keep their state; the new default applies to the next SUBSCRIBE or refresh. */
    @Modified
    void modified(PresenceConfig config) {
        this.sameDomainWatch = config.same_domain_watch();
    }

    public boolean mayWatch(SipAddress watcher, SipAddress user) {
        if (watcher.equals(user)) {
            return true;
        }
        return store.watcherRule(user, watcher).map(policy -> policy == WatcherPolicy.ALLOW)
                .orElse(sameDomainWatch && watcher.domain().equals(user.domain()));
    }

    public Map<SipAddress, WatcherPolicy> rules(SipAddress user) {
        return store.watcherRules(user);
    }

    public void set(SipAddress user, SipAddress watcher, WatcherPolicy policy) {
        store.putWatcherRule(user, watcher, policy);
        LOG.info("{} now {}s {} as a watcher", user, policy.name().toLowerCase(), watcher);
        endSubscriptionsIfRefused(user, watcher);
    }

    public boolean remove(SipAddress user, SipAddress watcher) {
        boolean removed = store.deleteWatcherRule(user, watcher);
        if (removed) {
            endSubscriptionsIfRefused(user, watcher);
        }
        return removed;
    }

    /** A watcher who may no longer watch gets a final NOTIFY (terminated;reason=rejected, RFC 6665). */
    private void endSubscriptionsIfRefused(SipAddress user, SipAddress watcher) {
        SubscriptionService service = subscriptions;
        if (service == null || mayWatch(watcher, user)) {
            return;
        }
        for (Subscription subscription : service.subscriptions(PresenceView.EVENT_PACKAGE, user)) {
            if (subscription.subscriber().equals(watcher)) {
                service.terminate(subscription.id(), "rejected");
            }
        }
    }
}
