package dev.parley.sip.spi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * The event package(s) (RFC 6665) a SUBSCRIBE/NOTIFY/PUBLISH {@link SipRequestHandler} handles: sets the service
 * property {@value #PROPERTY}, e.g. {@code @SipEvent("presence")}. Such requests for a package no handler serves
 * get 489 Bad Event.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface SipEvent {
    String PREFIX_ = "parley.";
    /** The service property the dispatcher reads. */
    String PROPERTY = "parley.sip.event";

    String[] value();
}
