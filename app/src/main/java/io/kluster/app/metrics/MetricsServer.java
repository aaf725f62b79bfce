package io.kluster.app.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Serves the Prometheus scrape at {@code /metrics}, liveness at {@code /health}, readiness at
 * {@code /ready} (200 when the supplied check passes, 503 otherwise) and, when given one, the live
 * {@link ClusterPage} at {@code /}, from the JDK's HTTP server.
 */
public final class MetricsServer implements AutoCloseable {

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gcMetrics;
    private HttpServer server;

    /** A Prometheus registry with the JVM and process binders bound. */
    public MetricsServer() {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        this.gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** The registry meters are bound to. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Starts serving on {@code host:port} (port 0 picks a free one) without the live page; returns the bound port. */
    public int start(String host, int port, BooleanSupplier ready) {
        return start(host, port, ready, null);
    }

    /**
     * Starts serving on {@code host:port} (port 0 picks a free one); returns the bound port.
     *
     * @param page the live page to serve at {@code /}, or null for none
     */
    public int start(String host, int port, BooleanSupplier ready, ClusterPage page) {
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        server.createContext("/metrics", exchange -> respond(exchange, 200, registry.scrape(),
                "text/plain; version=0.0.4; charset=utf-8"));
        server.createContext("/health", exchange -> respond(exchange, 200, "ok\n", "text/plain"));
        server.createContext("/ready", exchange -> {
            boolean ok = ready.getAsBoolean();
            respond(exchange, ok ? 200 : 503, ok ? "ready\n" : "not ready\n", "text/plain");
        });
        if (page != null) {
            server.createContext(ClusterPage.PAGE_PATH, exchange -> {
                String path = exchange.getRequestURI().getPath();
                if (path.equals(ClusterPage.PAGE_PATH) || path.equals("/index.html")) {
                    respond(exchange, 200, page.html(), "text/html; charset=utf-8");
                } else {
                    respond(exchange, 404, "not found\n".getBytes(StandardCharsets.UTF_8), "text/plain");
                }
            });
            server.createContext(ClusterPage.API_PATH, exchange ->
                    respond(exchange, 200, page.json(), "application/json"));
        }
        server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kluster-metrics-http");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int status, String body, String contentType) throws IOException {
        respond(exchange, status, body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    private static void respond(HttpExchange exchange, int status, byte[] bytes, String contentType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
        gcMetrics.close();
        registry.close();
    }
}
