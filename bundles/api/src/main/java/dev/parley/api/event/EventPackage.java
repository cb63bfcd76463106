package dev.parley.api.event;

import org.osgi.annotation.versioning.ConsumerType;

import dev.parley.api.common.SipAddress;

/**
 * An event package served by Parley: register an implementation as an OSGi service and the events framework
 * accepts SUBSCRIBE for its {@link #name()}, lists it in {@code Allow-Events}, and sends NOTIFYs with the documents
 * it renders. When the state of a resource changes, call {@link SubscriptionService#stateChanged}. Methods are called
 * on SIP worker threads: no blocking I/O beyond the store.
 */
@ConsumerType
public interface EventPackage {

    /** The package name as in the Event header, without parameters: {@code presence}, {@code reg}, ... */
    String name();

    /** The media type of the documents (the SUBSCRIBE's Accept must allow it, else 406). */
    String contentType();

    /**
     * Whether {@code subscriber} may watch {@code resource}. The framework has already authenticated the subscriber
     * and checked that the resource is in a Parley domain.
     */
    SubscriptionDecision authorize(SipAddress subscriber, SipAddress resource);

    /** The full current state of the subscription's resource, as sent to this subscriber now. */
    EventState currentState(Subscription subscription);
}
