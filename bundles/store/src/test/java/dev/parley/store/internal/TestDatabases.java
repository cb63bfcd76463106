package dev.parley.store.internal;

import java.lang.annotation.Annotation;
import java.nio.file.Path;

/** Opens {@link H2Database}s in a test directory, as DS would with a configuration. */
final class TestDatabases {

    private TestDatabases() {
    }

    static H2Database open(Path directory) {
        return new H2Database(config("jdbc:h2:file:" + directory.resolve("parley").toAbsolutePath()));
    }

    static StoreConfig config(String url) {
        return new StoreConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return StoreConfig.class;
            }

            @Override
            public String url() {
                return url;
            }

            @Override
            public String user() {
                return "parley";
            }

            @Override
            public String password() {
                return "test-secret";
            }

            @Override
            public int pool_size() {
                return 4;
            }
        };
    }
}
