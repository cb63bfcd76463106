package dev.parley.voicemail.internal;

import java.lang.annotation.Annotation;

/** {@link VoicemailConfig}s as DS would give them. */
final class TestConfigs {

    private TestConfigs() {
    }

    static VoicemailConfig config(int minSeconds, int maxSeconds, boolean enabled) {
        return new VoicemailConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return VoicemailConfig.class;
            }

            @Override
            public int max_message_seconds() {
                return maxSeconds;
            }

            @Override
            public int min_message_seconds() {
                return minSeconds;
            }

            @Override
            public String access_number() {
                return "*98";
            }

            @Override
            public boolean default_enabled() {
                return enabled;
            }

            @Override
            public String storage_directory() {
                return "";
            }

            @Override
            public boolean message_summary_allow_others() {
                return false;
            }
        };
    }
}
