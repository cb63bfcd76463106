package dev.parley.accounts.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Parley accounts", description = "Rules for account passwords and display names")
public @interface AccountsConfig {
    String PID = "dev.parley.accounts";

    @AttributeDefinition(name = "Minimum password length", min = "1")
    int password_min_length() default 8;

    @AttributeDefinition(name = "Maximum password length", min = "1")
    int password_max_length() default 128;

    @AttributeDefinition(name = "Maximum display name length", min = "0")
    int display_name_max_length() default 100;
}
