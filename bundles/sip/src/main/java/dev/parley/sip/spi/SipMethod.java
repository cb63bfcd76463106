package dev.parley.sip.spi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * The SIP method(s) a {@link SipRequestHandler} component handles: sets the service property
 * {@value #PROPERTY}, e.g. {@code @SipMethod("REGISTER")}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface SipMethod {
    String PREFIX_ = "parley.";
    /** The service property the dispatcher reads. */
    String PROPERTY = "parley.sip.method";

    String[] value();
}
