package io.kluster.app.broker;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kluster broker}: the embedded single-node KRaft broker, standalone, for local development. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run a single-node KRaft Kafka broker on loopback until interrupted (for local development).")
public final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--port", description = "Client port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).",
            defaultValue = "9092")
    int port;

    @Option(names = "--dir", description = "Log directory, kept across restarts (default: a temporary directory, "
            + "deleted on exit).")
    Path dir;

    @Option(names = "--broker-config", paramLabel = "KEY=VALUE", description = "A broker setting over the built-in "
            + "ones, e.g. log.message.timestamp.type=LogAppendTime or num.partitions=2; repeatable.")
    Map<String, String> brokerConfig = new LinkedHashMap<>();

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535, got " + port);
        }
        EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder().port(port).logDir(dir);
        brokerConfig.forEach(builder::brokerProperty);
        EmbeddedKafkaBroker broker = builder.build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "kluster-broker-shutdown"));
        broker.start();
        System.out.println("Kafka broker ready at " + broker.bootstrapServers() + " (Ctrl-C to stop)");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
