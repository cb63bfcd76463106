package dev.parley.accounts.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Parley accounts",
        description = "Rules for account passwords and display names; the credentials cache")
public @interface AccountsConfig {
    String PID = "dev.parley.accounts";

    @AttributeDefinition(name = "Minimum password length", min = "1")
    int password_min_length() default 8;

    @AttributeDefinition(name = "Maximum password length", min = "1")
    int password_max_length() default 128;

    @AttributeDefinition(name = "Maximum display name length", min = "0")
    int display_name_max_length() default 100;

    @AttributeDefinition(name = "Credentials cache size", min = "0", description = "Accounts whose digest "
            + "credentials are kept in memory after they authenticated (about 0.5 KB each); 0 reads the store for "
            + "every authenticated request")
    int credentials_cache_size() default 50000;
}
