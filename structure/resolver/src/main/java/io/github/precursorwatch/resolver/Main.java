package io.github.precursorwatch.resolver;

import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

/**
 * Main starts the structure resolver:
 *
 * <pre>
 *   java -jar resolver.jar [-listen HOST:PORT] [-workers N] [-timeout-ms MS] [-max-queries N]
 * </pre>
 *
 * Default listen address 127.0.0.1:8795 (use 0.0.0.0:8795 in a container, port 0 for any free
 * port). Once OPSIN and CDK are warm it prints one line, "resolver listening on HOST:PORT", to
 * standard output: a parent process that started it reads the port from that line. SIGTERM stops
 * it.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        // OPSIN logs through the Log4j API; with no provider bundled, keep its status logger quiet.
        System.setProperty("log4j2.statusLoggerLevel", "OFF");
        Limits limits = new Limits();
        String listen = "127.0.0.1:8795";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                usage("missing value for " + a);
            }
            String v = args[++i];
            switch (a) {
                case "-listen" -> listen = v;
                case "-workers" -> limits.workers = positive(a, v);
                case "-timeout-ms" -> limits.queryTimeoutMillis = positive(a, v);
                case "-max-queries" -> limits.maxQueries = positive(a, v);
                default -> usage("unknown flag " + a);
            }
        }
        int colon = listen.lastIndexOf(':');
        if (colon < 0) {
            usage("-listen wants HOST:PORT, got " + listen);
        }
        InetSocketAddress addr = new InetSocketAddress(listen.substring(0, colon), positiveOrZero("-listen", listen.substring(colon + 1)));
        warmUp();
        Server server = new Server(addr, limits);
        server.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        System.out.println("resolver listening on " + addr.getHostString() + ":" + server.port());
        System.out.flush();
        stopped.await();
    }

    /**
     * warmUp loads OPSIN's grammar, CDK, the SMARTS matcher and the InChI native library, and
     * exercises them on a few names, before the port opens: the first real request then costs
     * tens of milliseconds, not a second of class loading.
     */
    private static void warmUp() {
        Chemistry chem = new Chemistry();
        java.util.List<Chemistry.CompiledPattern> ps = java.util.List.of(new Chemistry.CompiledPattern("warm-up",
                Chemistry.compile("[$([CX3]=O),$([CX4]([OX2])[OX2])]1[CX4][CX4][NX3]([CX4][CX4]a)[CX4][CX4]1")));
        for (String name : new String[] {"N-phenylpiperidin-4-amine", "1-(2-phenylethyl)piperidin-4-one",
                "ethyl 2-methyl-3-phenyloxirane-2-carboxylate", "tert-butyl 4-oxopiperidine-1-carboxylate"}) {
            Protocol.Query q = new Protocol.Query();
            q.name = name;
            Protocol.Result r = chem.resolve(q, ps);
            if (!Protocol.OK.equals(r.status) || r.inchikey.isEmpty()) {
                System.err.println("resolver: warm-up failed on " + name + ": " + r.status + " " + r.error);
                System.exit(1);
            }
        }
    }

    private static int positive(String flag, String v) {
        int n = positiveOrZero(flag, v);
        if (n == 0) {
            usage(flag + " must be positive");
        }
        return n;
    }

    private static int positiveOrZero(String flag, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n < 0) {
                usage(flag + " must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            usage(flag + ": not a number: " + v);
            return 0;
        }
    }

    private static void usage(String msg) {
        System.err.println("resolver: " + msg);
        System.err.println("usage: java -jar resolver.jar [-listen HOST:PORT] [-workers N] [-timeout-ms MS] [-max-queries N]");
        System.exit(2);
    }
}
