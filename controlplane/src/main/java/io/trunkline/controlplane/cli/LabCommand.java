package io.trunkline.controlplane.cli;

import io.trunkline.controlplane.admin.AdminProtocol;
import io.trunkline.controlplane.lab.EchoLoad;
import io.trunkline.controlplane.lab.Forwarding;
import io.trunkline.controlplane.lab.HttpLoad;
import io.trunkline.controlplane.lab.Lab;
import io.trunkline.controlplane.lab.LabDemo;
import io.trunkline.controlplane.lab.LabInspector;
import io.trunkline.controlplane.lab.LabPlan;
import io.trunkline.controlplane.lab.LabServer;
import io.trunkline.controlplane.lab.LabStatus;
import io.trunkline.controlplane.lab.RouterMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code trunkline lab up|down|status|kill|start|serve|client}: a whole Trunkline cluster on this machine,
 * in network namespaces (docs/lab.md).
 */
@Command(name = "lab", description = "A cluster of dispatchers behind a router, with backends and a client, in network namespaces.",
        subcommands = {LabCommand.Up.class, LabCommand.Down.class, LabCommand.Status.class, LabCommand.Kill.class,
            LabCommand.Start.class, LabCommand.Demo.class, LabCommand.Serve.class, LabCommand.Client.class})
final class LabCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a lab command is required");
    }

    /** The options that find a lab. */
    static final class Where {
        @Option(names = "--name", defaultValue = LabPlan.DEFAULT_NAME, description = "The lab's name (default ${DEFAULT-VALUE}).")
        String name;

        @Option(names = "--root", defaultValue = "/run/trunkline-lab", description = "Where labs keep their files (default ${DEFAULT-VALUE}).")
        Path root;
    }

    abstract static class LabSubcommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        Where where;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        void say(String line) {
            out().println(line);
            out().flush();
        }
    }

    @Command(name = "up", description = "Build the lab and start everything in it; returns when it carries traffic.")
    static final class Up extends LabSubcommand {
        @Option(names = "--dispatchers", defaultValue = "3", description = "Dispatcher daemons, 1..8 (default ${DEFAULT-VALUE}).")
        int dispatchers;

        @Option(names = "--backends", defaultValue = "4", description = "Backends, 1..99 (default ${DEFAULT-VALUE}).")
        int backends;

        @Option(names = "--mode", defaultValue = "ecmp", description = "Router: ecmp (BGP + BFD), static (static ECMP + BFD) "
                + "or spray (nftables, packet by packet) (default ${DEFAULT-VALUE}).")
        String mode;

        @Option(names = "--weights", split = ",", description = "Each backend's weight, comma-separated (default 100 each).")
        List<Integer> weights;

        @Option(names = "--spare", defaultValue = "0", description = "Backends (the last ones) serving but left out of the pool, "
                + "to add at run time with trunkline backend add (default ${DEFAULT-VALUE}).")
        int spare;

        @Option(names = "--spare-dispatchers", defaultValue = "0", description = "Dispatchers (the last ones) in every peer "
                + "list and the router's configuration but not started, to join at run time with trunkline lab start "
                + "(default ${DEFAULT-VALUE}).")
        int spareDispatchers;

        @Option(names = "--forwarding", defaultValue = "dsr", description = "dsr (VIPs on the backends' loopback) or nat "
                + "(answers routed back through the dispatchers; ecmp and static only) (default ${DEFAULT-VALUE}).")
        String forwarding;

        @Override
        public Integer call() {
            LabPlan plan = LabPlan.of(where.name, dispatchers, backends, RouterMode.parse(mode)).withRoot(where.root)
                    .withSpare(spare).withSpareDispatchers(spareDispatchers).withForwarding(Forwarding.parse(forwarding));
            if (weights != null) {
                plan = plan.withWeights(weights);
            }
            Lab.up(plan, this::say);
            return 0;
        }
    }

    @Command(name = "down", description = "Stop everything in the lab and remove its namespaces and files.")
    static final class Down extends LabSubcommand {
        @Override
        public Integer call() {
            Lab.down(where.name, where.root, this::say);
            return 0;
        }
    }

    @Command(name = "status", description = "What runs in the lab: dispatchers, backends, the router's routes and sessions.")
    static final class Status extends LabSubcommand {
        @Option(names = "--json", description = "Print the status as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            LabStatus status = LabInspector.status(Lab.attach(where.name, where.root, this::say));
            if (json) {
                say(AdminProtocol.json().writerWithDefaultPrettyPrinter().writeValueAsString(status));
            } else {
                print(status, out());
                out().flush();
            }
            return 0;
        }
    }

    static void print(LabStatus status, PrintWriter out) {
        out.printf("lab %s, router %s, %s: %s via %s; %s via %s%n", status.name(), status.mode().label(),
                status.forwarding().label(), LabPlan.VIP4,
                hops(status.nextHops4()), LabPlan.VIP6, hops(status.nextHops6()));
        if (status.forwarding() == Forwarding.NAT) {
            out.printf("nat return routes: %s via %s; %s via %s%n", LabPlan.CLIENT_NET4, hops(status.returnHops4()),
                    LabPlan.CLIENT_NET6, hops(status.returnHops6()));
        }
        TextTable dispatchers = new TextTable("DISPATCHER", "ADDRESS", "PID", "PROCESS", "READINESS", "SESSIONS", "RX PACKETS",
                "PEERS UP", "LAG MAX", "ROUTER BFD", "ROUTER BGP");
        for (LabStatus.Dispatcher d : status.dispatchers()) {
            LabStatus.RouterSession session = status.routerSessions().stream().filter(s -> s.dispatcher().equals(d.name()))
                    .findFirst().orElse(new LabStatus.RouterSession(d.name(), "-", "-"));
            dispatchers.row(d.name(), d.address(), d.pid(), d.alive() ? "running" : "stopped",
                    d.readiness().isEmpty() ? TextTable.NONE : d.readiness(), d.sessions(), d.rxPackets(),
                    d.peersUp() + "/" + d.peers(), Human.millis(d.lagMaxMillis()), session.bfd(), session.bgp());
        }
        dispatchers.print(out);
        TextTable backends = new TextTable("BACKEND", "ADDRESS", "WEIGHT", "SERVER", "SESSIONS");
        for (LabStatus.Backend b : status.backends()) {
            backends.row(b.name(), b.address(), b.weight(), b.alive() ? "running" : "stopped",
                    b.sessions() < 0 ? TextTable.NONE : b.sessions());
        }
        backends.print(out);
    }

    private static String hops(List<String> hops) {
        return hops.isEmpty() ? "no route" : String.join(" ", hops);
    }

    @Command(name = "kill", description = "kill -9 one dispatcher's daemon (the router finds out through BFD).")
    static final class Kill extends LabSubcommand {
        @Parameters(paramLabel = "DISPATCHER", description = "d1, d2, ...")
        String dispatcher;

        @Override
        public Integer call() {
            Lab lab = Lab.attach(where.name, where.root, this::say);
            lab.killDispatcher(index(dispatcher));
            say(dispatcher + " killed");
            return 0;
        }
    }

    @Command(name = "start", description = "Start a stopped dispatcher again; returns when it is ready (snapshot applied).")
    static final class Start extends LabSubcommand {
        @Parameters(paramLabel = "DISPATCHER", description = "d1, d2, ...")
        String dispatcher;

        @Override
        public Integer call() {
            Lab lab = Lab.attach(where.name, where.root, this::say);
            int d = index(dispatcher);
            if (lab.dispatcher(d).map(p -> p.alive()).orElse(false)) {
                throw new IllegalStateException(dispatcher + " is running already");
            }
            lab.startDispatcher(d);
            lab.awaitDispatcherReady(d);
            say(dispatcher + " ready");
            return 0;
        }
    }

    static int index(String dispatcher) {
        if (!dispatcher.matches("d[1-9]")) {
            throw new IllegalArgumentException("dispatcher \"" + dispatcher + "\": d1, d2, ...");
        }
        return dispatcher.charAt(1) - '0';
    }

    @Command(name = "demo", description = "What make demo runs: lab up, traffic, live view, kill a dispatcher, restart it, "
            + "lab down, and a summary counted by the clients (about two minutes).")
    static final class Demo extends LabSubcommand {
        @Option(names = "--mode", defaultValue = "ecmp", description = "Router: ecmp or static (default ${DEFAULT-VALUE}).")
        String mode;

        @Override
        public Integer call() {
            RouterMode router = RouterMode.parse(mode);
            if (router == RouterMode.SPRAY) {
                throw new IllegalArgumentException("the demo fails a dispatcher over, which needs a routing protocol: --mode ecmp or static");
            }
            LabPlan plan = LabPlan.of(where.name, 3, 4, router).withRoot(where.root);
            new LabDemo(plan, this::say).run().forEach(this::say);
            return 0;
        }
    }

    @Command(name = "serve", description = "A lab backend's servers (run in a backend namespace): HTTP answering its name, TCP echo.")
    static final class Serve implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--name", required = true, description = "The name HTTP answers with.")
        String name;

        @Option(names = "--http-port", defaultValue = "80", description = "HTTP port (default ${DEFAULT-VALUE}).")
        int httpPort;

        @Option(names = "--echo-port", defaultValue = "7", description = "Echo port (default ${DEFAULT-VALUE}).")
        int echoPort;

        @Override
        public Integer call() throws Exception {
            try (LabServer server = LabServer.start(name, httpPort, echoPort)) {
                spec.commandLine().getOut().printf("serving %s http=%d echo=%d%n", name, server.httpPort(), server.echoPort());
                spec.commandLine().getOut().flush();
                new CountDownLatch(1).await();
            }
            return 0;
        }
    }

    @Command(name = "client", description = "Traffic to a VIP, counted by the client (run in the client namespace).",
            subcommands = {HttpClientCommand.class, EchoClientCommand.class})
    static final class Client implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "http or echo is required");
        }
    }

    /** What both clients share: the target, when to stop, progress lines. */
    abstract static class ClientOptions implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--target", defaultValue = LabPlan.VIP4, description = "The VIP (default ${DEFAULT-VALUE}).")
        String target;

        @Option(names = "--duration", description = "Stop after this long (default: when standard input ends, or for http "
                + "--requests N when they are all answered).")
        Duration duration;

        @Option(names = "--progress", defaultValue = "1s", description = "A progress line this often, 0s for none (default ${DEFAULT-VALUE}).")
        Duration progress;

        InetSocketAddress address(int port) throws IOException {
            return new InetSocketAddress(InetAddress.getByName(target), port);
        }

        void say(String line) {
            spec.commandLine().getOut().println(line);
            spec.commandLine().getOut().flush();
        }

        /**
         * Blocks until the duration has passed, {@code finished} is counted down, or (when {@code watchInput})
         * standard input ends, printing progress meanwhile.
         */
        void runUntilStopped(Supplier<String> progressLine, CountDownLatch finished, boolean watchInput) throws InterruptedException {
            long started = System.nanoTime();
            CountDownLatch stop = new CountDownLatch(1);
            if (duration == null && watchInput) {
                Thread.ofPlatform().daemon().start(() -> {
                    try {
                        System.in.transferTo(java.io.OutputStream.nullOutputStream());
                    } catch (IOException ignored) {
                        // A broken standard input ends the run like a closed one.
                    }
                    stop.countDown();
                });
            }
            long limit = duration == null ? Long.MAX_VALUE : started + duration.toNanos();
            long step = progress.isZero() ? TimeUnit.MILLISECONDS.toNanos(100) : progress.toNanos();
            while (stop.getCount() > 0 && finished.getCount() > 0 && System.nanoTime() < limit) {
                long wait = Math.min(step, limit - System.nanoTime());
                if (stop.await(Math.max(1, wait), TimeUnit.NANOSECONDS) || finished.getCount() == 0) {
                    break;
                }
                if (!progress.isZero()) {
                    say("progress t=" + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + "s " + progressLine.get());
                }
            }
        }
    }

    @Command(name = "http", description = "Short HTTP requests, each on a new connection; prints requests_ok, requests_failed, and per backend.")
    static final class HttpClientCommand extends ClientOptions {
        @Option(names = "--port", defaultValue = "80", description = "Port (default ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--requests", defaultValue = "0", description = "Stop after this many (default 0: until stopped).")
        long requests;

        @Option(names = "--concurrency", defaultValue = "8", description = "Requests in flight (default ${DEFAULT-VALUE}).")
        int concurrency;

        @Option(names = "--rate", defaultValue = "0", description = "At most this many a second (default 0: no limit).")
        int rate;

        @Override
        public Integer call() throws Exception {
            HttpLoad load = new HttpLoad(address(port));
            CountDownLatch finished = new CountDownLatch(1);
            Thread runner = Thread.ofPlatform().start(() -> {
                try {
                    load.run(requests, concurrency, rate);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                finished.countDown();
            });
            runUntilStopped(() -> firstLine(load.snapshot().summary()), finished, requests == 0);
            load.stop();
            runner.join();
            say(load.snapshot().summary());
            load.events().lines().forEach(this::say);
            return 0;
        }
    }

    @Command(name = "echo", description = "Long-lived connections exchanging data, checked byte for byte; prints what broke.")
    static final class EchoClientCommand extends ClientOptions {
        @Option(names = "--port", defaultValue = "7", description = "Port (default ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--connections", defaultValue = "100", description = "Connections held open (default ${DEFAULT-VALUE}).")
        int connections;

        @Option(names = "--size", defaultValue = "512", description = "Bytes per message (default ${DEFAULT-VALUE}).")
        int size;

        @Option(names = "--interval", defaultValue = "1s", description = "Pause between a connection's messages (default ${DEFAULT-VALUE}).")
        Duration interval;

        @Option(names = "--stall", defaultValue = "2s", description = "An exchange slower than this is a stall (default ${DEFAULT-VALUE}).")
        Duration stall;

        @Override
        public Integer call() throws Exception {
            EchoLoad load = new EchoLoad(address(port), connections, size, interval, stall);
            load.start();
            say("opened " + load.snapshot().opened() + " of " + connections);
            load.failures().forEach((why, count) -> say("failure " + why + "=" + count));
            runUntilStopped(() -> load.snapshot().summary(), new CountDownLatch(1), true);
            say(load.stop().summary());
            load.failures().forEach((why, count) -> say("failure " + why + "=" + count));
            load.events().lines().forEach(this::say);
            return 0;
        }
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
