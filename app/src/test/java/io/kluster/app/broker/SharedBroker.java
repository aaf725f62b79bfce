package io.kluster.app.broker;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded KRaft broker for all the tests of a class: started before the first, closed after
 * the last. Register it as {@code @RegisterExtension static final SharedBroker BROKER = new SharedBroker();}.
 */
public final class SharedBroker implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedKafkaBroker broker;

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = EmbeddedKafkaBroker.builder().build();
        broker.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    /** The running broker. */
    public EmbeddedKafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("the shared broker runs only while the test class does");
        }
        return broker;
    }

    /** Its bootstrap address. */
    public String bootstrapServers() {
        return broker().bootstrapServers();
    }
}
