package dev.parley.accounts.internal;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;

/**
 * What a password and a display name must look like. Lengths count Unicode code points. Messages name the rule
 * broken and never repeat the password.
 */
record AccountRules(int passwordMinLength, int passwordMaxLength, int displayNameMaxLength) {

    static AccountRules of(AccountsConfig config) {
        return new AccountRules(config.password_min_length(), config.password_max_length(),
                config.display_name_max_length());
    }

    void checkPassword(String password) {
        if (password == null) {
            throw invalid("a password is required");
        }
        int length = password.codePointCount(0, password.length());
        if (length < passwordMinLength) {
            throw invalid("password must be at least " + passwordMinLength + " characters");
        }
        if (length > passwordMaxLength) {
            throw invalid("password must be at most " + passwordMaxLength + " characters");
        }
        if (password.codePoints().anyMatch(Character::isISOControl)) {
            throw invalid("password must not contain control characters");
        }
    }

    void checkDisplayName(String displayName) {
        if (displayName == null) {
            throw invalid("a display name is required (it may be empty)");
        }
        if (displayName.codePointCount(0, displayName.length()) > displayNameMaxLength) {
            throw invalid("display name must be at most " + displayNameMaxLength + " characters");
        }
        if (displayName.indexOf('\r') >= 0 || displayName.indexOf('\n') >= 0) {
            throw invalid("display name must not contain line breaks");
        }
        if (displayName.codePoints().anyMatch(Character::isISOControl)) {
            throw invalid("display name must not contain control characters");
        }
        // it is sent inside a quoted string in From and To headers
        if (displayName.indexOf('"') >= 0) {
            throw invalid("display name must not contain a double quote");
        }
    }

    private static ParleyException invalid(String message) {
        return new ParleyException(ParleyError.INVALID_ARGUMENT, message);
    }
}
