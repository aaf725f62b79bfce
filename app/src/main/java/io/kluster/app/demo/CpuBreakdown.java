package io.kluster.app.demo;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where this process's CPU went between two moments, by thread role: the stream threads, the
 * embedded broker, the Kafka clients' I/O threads, the load generator, the trainer, and the JVM's
 * own threads: the JIT compilers and the garbage collector (read from {@code /proc}, where there
 * is one), and the rest of the process total.
 *
 * <p>The bench runs broker, clients and Kluster in one process on the same cores, so the encoder's
 * ceiling can only be approached if the stream threads get the cores; this shows who got them.
 * A thread's time is read while it lives, so call {@link #sample()} now and then: a thread that
 * ends between samples loses what it used since the last one to the JVM's share.
 */
final class CpuBreakdown {

    /** Role names, in the order they are reported. */
    static final String STREAM = "stream threads";
    static final String BROKER = "broker";
    static final String CLIENTS = "client I/O threads";
    static final String STREAMS_OTHER = "other Kafka Streams threads";
    static final String LOAD = "load generator and reader";
    static final String TRAINER = "trainer";
    static final String OTHER = "other Java threads";
    static final String JIT = "JIT compiler";
    static final String GC = "garbage collector";
    static final String NATIVE = "other native threads";

    /** Linux reports thread times in clock ticks of 1/100 s (USER_HZ). */
    private static final long NANOS_PER_TICK = 10_000_000L;
    private static final Pattern CLIENT_THREAD = Pattern.compile("kafka-producer-network-thread|consumer|admin-client");
    private static final Pattern STREAMS_THREAD = Pattern.compile("GlobalStreamThread|StateUpdater|CloseThread|CleanupThread");
    private static final Pattern BROKER_THREAD = Pattern.compile("^(data-plane|broker-|controller-|kafka-|ExpirationReaper|"
            + "group-coordinator|share-|TxnMarker|executor-|raft|quorum|LogDirFailure|ReplicaFetcher|transaction|"
            + "AddPartitionsToTxn|metadata|log-cleaner|PersisterStateManager|persister|client-metrics)");

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final Map<Long, Long> startCpu = new HashMap<>();
    private final Map<Long, Long> lastCpu = new HashMap<>();
    private final Map<Long, String> names = new HashMap<>();
    private final long startProcessCpu;
    private final Map<String, Long> startVm;
    private final long startWall;

    private CpuBreakdown() {
        for (long id : threads.getAllThreadIds()) {
            startCpu.put(id, Math.max(0, threads.getThreadCpuTime(id)));
        }
        startVm = vmThreadNanos();
        startProcessCpu = os.getProcessCpuTime();
        startWall = System.nanoTime();
    }

    /** Starts measuring now. */
    static CpuBreakdown start() {
        return new CpuBreakdown();
    }

    /** Reads every live thread's CPU time, so threads that end before {@link #shares()} still count. */
    synchronized void sample() {
        for (long id : threads.getAllThreadIds()) {
            long cpu = threads.getThreadCpuTime(id);
            ThreadInfo info = threads.getThreadInfo(id);
            if (cpu >= 0 && info != null) {
                lastCpu.put(id, cpu);
                names.put(id, info.getThreadName());
            }
        }
    }

    /**
     * CPU per role since {@link #start()}, as a share of all the machine's cores over the elapsed
     * time (1.0 = every core busy all the time); the entry "idle" is what no thread of this process used.
     */
    synchronized Map<String, Double> shares() {
        sample();
        double capacity = (System.nanoTime() - startWall) * (double) Runtime.getRuntime().availableProcessors();
        Map<String, Long> byRole = new LinkedHashMap<>();
        for (String role : new String[] {STREAM, BROKER, CLIENTS, STREAMS_OTHER, LOAD, TRAINER, OTHER, JIT, GC, NATIVE}) {
            byRole.put(role, 0L);
        }
        long javaThreads = 0;
        for (Map.Entry<Long, Long> thread : lastCpu.entrySet()) {
            long used = thread.getValue() - startCpu.getOrDefault(thread.getKey(), 0L);
            javaThreads += used;
            byRole.merge(roleOf(names.get(thread.getKey())), used, Long::sum);
        }
        long process = os.getProcessCpuTime() - startProcessCpu;
        Map<String, Long> vm = vmThreadNanos();
        long jit = vm.getOrDefault(JIT, 0L) - startVm.getOrDefault(JIT, 0L);
        long gc = vm.getOrDefault(GC, 0L) - startVm.getOrDefault(GC, 0L);
        byRole.put(JIT, jit);
        byRole.put(GC, gc);
        byRole.put(NATIVE, Math.max(0, process - javaThreads - jit - gc));
        Map<String, Double> shares = new LinkedHashMap<>();
        byRole.forEach((role, nanos) -> shares.put(role, round(nanos / capacity)));
        shares.put("idle", round(Math.max(0, 1 - process / capacity)));
        return shares;
    }

    /**
     * CPU of the JVM's compiler and collector threads, which are not Java threads, from
     * {@code /proc/self/task}; empty where there is no such directory.
     */
    private static Map<String, Long> vmThreadNanos() {
        Map<String, Long> out = new HashMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return out;
        }
        try (DirectoryStream<Path> all = Files.newDirectoryStream(tasks)) {
            for (Path task : all) {
                try {
                    String comm = Files.readString(task.resolve("comm")).trim();
                    String role = comm.startsWith("C1 ") || comm.startsWith("C2 ") ? JIT
                            : comm.startsWith("GC Thread") || comm.startsWith("G1 ") ? GC : null;
                    if (role == null) {
                        continue;
                    }
                    String stat = Files.readString(task.resolve("stat"));
                    // Fields after the parenthesised name: state is field 3, utime 14 and stime 15.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    out.merge(role, ticks * NANOS_PER_TICK, Long::sum);
                } catch (IOException | RuntimeException threadGone) {
                    // the thread ended while we read it
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    static String roleOf(String name) {
        if (CLIENT_THREAD.matcher(name).find()) {
            return CLIENTS;
        }
        if (STREAMS_THREAD.matcher(name).find()) {
            return STREAMS_OTHER;
        }
        if (name.contains("StreamThread")) {
            return STREAM;
        }
        if (name.startsWith("kluster-bench") || name.startsWith("kluster-demo")) {
            return LOAD;
        }
        if (name.startsWith("kluster-trainer")) {
            return TRAINER;
        }
        if (BROKER_THREAD.matcher(name).find()) {
            return BROKER;
        }
        return OTHER;
    }

    private static double round(double share) {
        return Math.round(share * 1000) / 1000.0;
    }
}
