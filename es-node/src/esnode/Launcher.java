package esnode;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.PluginBundle;
import org.elasticsearch.plugins.PluginsLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs N Elasticsearch nodes inside this one JVM, for development and tests.
 *
 * <p>Why not bin/elasticsearch: the CLI refuses to run as root (CI runs as root), forks a second
 * JVM, and enforces production bootstrap checks (vm.max_map_count, ...). All of that lives in
 * {@code org.elasticsearch.bootstrap.Elasticsearch}; the node itself does not care. So this class
 * does what that bootstrap does for a node, through the server's public API:
 * {@code new Node(Environment, PluginsLoader).start()}. The root check, the system-call filter,
 * entitlements and the bootstrap checks belong to the skipped bootstrap, exactly as in ES's own
 * in-JVM test clusters.
 *
 * <p>It must run with the distribution's lib/ on the MODULE path (java --module-path lib
 * --add-modules=ALL-MODULE-PATH) and this class on the class path: the distribution's modules
 * (transport-netty4, x-pack-core) are Java modules that require the named module
 * org.elasticsearch.server, so the server cannot sit on the class path.
 *
 * <p>Arguments (all given by esnode.py): --home DIST --base DIR --config DIR --nodes N
 * --http-port P --transport-port T --cluster-name NAME --modules a,b
 */
public final class Launcher {

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = parse(argv);
        Path home = Path.of(args.get("home")).toAbsolutePath();
        Path base = Path.of(args.get("base")).toAbsolutePath();
        Path config = Path.of(args.get("config")).toAbsolutePath();
        int count = Integer.parseInt(args.getOrDefault("nodes", "1"));
        int httpPort = Integer.parseInt(args.getOrDefault("http-port", "9201"));
        int transportPort = Integer.parseInt(args.getOrDefault("transport-port", String.valueOf(httpPort + 100)));
        String cluster = args.getOrDefault("cluster-name", "esnode");
        Set<String> wanted = new LinkedHashSet<>(Arrays.asList(args.getOrDefault("modules", "transport-netty4,x-pack-core").split(",")));

        List<Settings> settings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            settings.add(nodeSettings(home, base, cluster, i, count, httpPort, transportPort, wanted));
        }

        // Logging is per JVM, not per node: configure it once, from our config dir (log4j2.properties).
        LogConfigurator.registerErrorListener();
        LogConfigurator.configure(new Environment(settings.get(0), config), true);
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            e.printStackTrace();
            // Like ES: after an Error (OutOfMemoryError, ...) the JVM is not to be trusted; die loudly.
            if (e instanceof Error) Runtime.getRuntime().halt(1);
        });

        List<Node> nodes = new ArrayList<>();
        try {
            for (Settings s : settings) {
                Environment env = new Environment(s, config);
                // One PluginsLoader (so one set of class loaders) per node: x-pack-core keeps
                // per-node state in static fields (license state, SSL service), which would clash
                // if two nodes shared the loaded classes.
                nodes.add(new Node(env, pluginsLoader(env, wanted)));
            }
        } catch (Throwable e) {
            fail("could not build the nodes", e, nodes);
        }

        Runtime.getRuntime().addShutdownHook(new Thread(() -> close(nodes), "esnode-shutdown"));

        // Start the nodes side by side: with N > 1 each node waits in start() for the cluster
        // to form, which needs a majority of the master-eligible nodes to be up.
        List<Throwable> errors = new ArrayList<>();
        List<Thread> starters = new ArrayList<>();
        for (Node node : nodes) {
            Thread t = new Thread(() -> {
                try {
                    node.start();
                } catch (Throwable e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                }
            }, "esnode-start-" + node.settings().get("node.name"));
            t.start();
            starters.add(t);
        }
        for (Thread t : starters) t.join();
        if (errors.isEmpty() == false) fail("a node did not start", errors.get(0), nodes);

        System.out.println("esnode: " + count + " node(s) started, cluster [" + cluster + "], http://127.0.0.1:" + httpPort);
        // All of Elasticsearch's threads are daemons: something must keep the JVM alive.
        new CountDownLatch(1).await();
    }

    static Settings nodeSettings(Path home, Path base, String cluster, int i, int count, int httpPort, int transportPort,
                                 Set<String> modules) {
        Settings.Builder b = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", base.resolve("data").resolve("node-" + (i + 1)).toString())
            .put("path.logs", base.resolve("logs").toString())
            .put("cluster.name", cluster)
            .put("node.name", "node-" + (i + 1))
            .put("network.host", "127.0.0.1")
            .put("http.port", httpPort + i)
            .put("transport.port", transportPort + i)
            // A dev box or CI runner may have a fuller disk than production; do not let the disk
            // watermarks turn the cluster yellow or read-only under a test.
            .put("cluster.routing.allocation.disk.threshold_enabled", false);
        if (modules.contains("x-pack-core")) {
            // Registered by x-pack-core; production runs with security off behind its own network too.
            b.put("xpack.security.enabled", false);
        }
        if (count == 1) {
            b.put("discovery.type", "single-node");
        } else {
            List<String> seeds = new ArrayList<>();
            List<String> masters = new ArrayList<>();
            for (int j = 0; j < count; j++) {
                seeds.add("127.0.0.1:" + (transportPort + j));
                masters.add("node-" + (j + 1));
            }
            b.putList("discovery.seed_hosts", seeds);
            // Bootstrapping is for the very first start only: once any node has cluster state on
            // disk the setting is ignored, and ES warns that leaving it set risks a second cluster.
            if (anyClusterState(base, count) == false) {
                b.putList("cluster.initial_master_nodes", masters);
            }
        }
        return b.build();
    }

    static boolean anyClusterState(Path base, int count) {
        for (int j = 0; j < count; j++) {
            if (Files.exists(base.resolve("data").resolve("node-" + (j + 1)).resolve("_state"))) return true;
        }
        return false;
    }

    /** The distribution's modules/, cut down to the ones asked for (no apm, no x-pack-security). */
    static PluginsLoader pluginsLoader(Environment env, Set<String> wanted) throws Exception {
        Set<PluginBundle> all = PluginsLoader.loadModulesBundles(env.modulesDir());
        Set<PluginBundle> chosen = all.stream()
            .filter(b -> wanted.contains(b.pluginDescriptor().getName()))
            .collect(Collectors.toSet());
        Set<String> found = chosen.stream().map(b -> b.pluginDescriptor().getName()).collect(Collectors.toSet());
        if (found.containsAll(wanted) == false) {
            Set<String> missing = new LinkedHashSet<>(wanted);
            missing.removeAll(found);
            throw new IllegalArgumentException("modules " + missing + " are not in " + env.modulesDir());
        }
        // No plugins/ and no native-access grants: neither is used here.
        return PluginsLoader.createPluginsLoader(chosen, Set.of(), Map.of());
    }

    /** What ES's own shutdown hook does: stop taking work, close, wait a little. */
    static void close(List<Node> nodes) {
        for (Node node : nodes) {
            try {
                node.prepareForClose();
                node.close();
                node.awaitClose(10, TimeUnit.SECONDS);
            } catch (Throwable e) {
                e.printStackTrace();
            }
        }
    }

    static void fail(String what, Throwable e, List<Node> nodes) {
        System.err.println("esnode: " + what + ": " + e);
        e.printStackTrace();
        close(nodes);
        // exit() would run the shutdown hook, which closes again: halt after our own close.
        System.err.flush();
        Runtime.getRuntime().halt(1);
    }

    static Map<String, String> parse(String[] argv) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < argv.length; i += 2) {
            if (argv[i].startsWith("--") == false || i + 1 >= argv.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + Arrays.toString(argv));
            }
            out.put(argv[i].substring(2), argv[i + 1]);
        }
        for (String required : List.of("home", "base", "config")) {
            if (out.containsKey(required) == false) throw new IllegalArgumentException("--" + required + " is required");
        }
        if (Files.isDirectory(Path.of(out.get("home"), "modules")) == false) {
            throw new IllegalArgumentException("--home " + out.get("home") + " has no modules/: not an Elasticsearch distribution");
        }
        return out;
    }
}
