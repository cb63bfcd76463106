package dev.parley.store.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Parley store", description = "The embedded H2 database holding accounts and bindings")
public @interface StoreConfig {
    String PID = "dev.parley.store";

    @AttributeDefinition(name = "JDBC URL", description = "H2 URL; empty means jdbc:h2:file:${karaf.data}/parley/parley")
    String url() default "";

    @AttributeDefinition(name = "User")
    String user() default "parley";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD)
    String password() default "";

    @AttributeDefinition(name = "Pool size", description = "Maximum number of open connections", min = "1")
    int pool_size() default 8;
}
