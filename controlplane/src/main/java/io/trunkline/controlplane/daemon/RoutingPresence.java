package io.trunkline.controlplane.daemon;

import io.trunkline.bindings.dpdk.MbufPool;
import io.trunkline.controlplane.config.BgpNeighbourConfig;
import io.trunkline.controlplane.config.PortConfig;
import io.trunkline.controlplane.config.TrunklineConfig;
import io.trunkline.controlplane.replication.Readiness;
import io.trunkline.controlplane.routing.Announcer;
import io.trunkline.controlplane.routing.BgpSession;
import io.trunkline.controlplane.routing.BirdException;
import io.trunkline.fastpath.bfd.Bfd;
import io.trunkline.fastpath.bfd.BfdConfig;
import io.trunkline.fastpath.bfd.BfdPeer;
import io.trunkline.fastpath.bfd.BfdSessionStatus;
import io.trunkline.fastpath.host.BfdEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the router sees this dispatcher: BFD answered by the fast path for every BGP neighbour, and the
 * VIPs announced through BIRD. Both follow readiness: down and withdrawn until this dispatcher holds the
 * whole shared table, up and announced then, and taken down gracefully before the process stops, so that
 * the router moves traffic away before the fast path goes.
 */
final class RoutingPresence implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("trunkline.routing");
    private static final long GOODBYE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final Bfd bfd;
    private final Announcer announcer;
    private AgentRunner runner;

    private RoutingPresence(Bfd bfd, Announcer announcer) {
        this.bfd = bfd;
        this.announcer = announcer;
    }

    /** BFD sessions for the BGP neighbours and BIRD for the VIPs, when the configuration has BGP. */
    static RoutingPresence create(TrunklineConfig config, MbufPool pool) throws BirdException {
        List<BfdPeer> peers = bfdPeers(config);
        Bfd bfd = peers.isEmpty() ? null : Bfd.create("data", new BfdConfig(peers,
                micros(config.routing().bfd().txInterval()), micros(config.routing().bfd().rxInterval()),
                config.routing().bfd().multiplier()), pool);
        Announcer announcer = null;
        if (config.routing().bgp().isPresent()) {
            announcer = new Announcer(config, LOG::info, new SystemNanoClock());
            try {
                announcer.start();
            } catch (BirdException e) {
                if (bfd != null) {
                    bfd.close();
                }
                throw e;
            }
        }
        return new RoutingPresence(bfd, announcer);
    }

    private static long micros(java.time.Duration duration) {
        return TimeUnit.NANOSECONDS.toMicros(duration.toNanos());
    }

    /** Each BGP neighbour is a BFD peer on the port whose network holds it. */
    private static List<BfdPeer> bfdPeers(TrunklineConfig config) {
        List<BfdPeer> peers = new ArrayList<>();
        config.routing().bgp().ifPresent(bgp -> {
            for (BgpNeighbourConfig neighbour : bgp.neighbours()) {
                for (int p = 0; p < config.ports().size(); p++) {
                    PortConfig port = config.ports().get(p);
                    if (port.addresses().stream().anyMatch(cidr -> cidr.contains(neighbour.address()))) {
                        peers.add(new BfdPeer(p, neighbour.address()));
                        break;
                    }
                }
            }
        });
        return peers;
    }

    /** Worker {@code index}'s part in BFD: the worker of queue 0 runs the sessions, the others hand BFD to it. */
    BfdEndpoint bfdEndpoint(int index) {
        if (bfd == null) {
            return BfdEndpoint.NONE;
        }
        return index == 0 ? bfd.owner() : bfd.forwarder();
    }

    /** Starts following {@code readiness}: BFD up and VIPs announced while it is READY. */
    void start(Supplier<Readiness> readiness) {
        Agent follow = new Agent() {
            private boolean ready;

            @Override
            public int doWork() {
                boolean now = readiness.get() == Readiness.READY;
                if (now == ready) {
                    return 0;
                }
                ready = now;
                if (bfd != null) {
                    bfd.ready(now);
                }
                if (announcer != null) {
                    announcer.ready(now);
                }
                LOG.info("routing: dispatcher {}", readinessLine(now));
                return 1;
            }

            @Override
            public String roleName() {
                return "readiness";
            }
        };
        Agent agent = announcer == null ? follow : new CompositeAgent(follow, announcer);
        runner = new AgentRunner(new SleepingMillisIdleStrategy(10), t -> LOG.warn("routing: {}", t.toString()), null, agent);
        AgentRunner.startOnThread(runner);
    }

    /** What the router is told, and nothing it is not: without BFD peers or BGP there is nobody to tell. */
    private String readinessLine(boolean ready) {
        String state = ready ? "ready" : "not ready";
        if (bfd == null && announcer == null) {
            return state + " (no routing configured: BFD and BGP off)";
        }
        String bfdPart = bfd == null ? "BFD off" : ready ? "BFD up" : "BFD down";
        String bgpPart = announcer == null ? "BGP off" : ready ? "VIPs announced" : "VIPs withdrawn";
        return state + ": " + bfdPart + ", " + bgpPart;
    }

    /** A new running configuration: BIRD's file is rewritten and reloaded for the BGP part. */
    void reconfigure(TrunklineConfig next) {
        if (announcer != null) {
            announcer.reconfigure(next);
        }
    }

    List<BfdSessionStatus> bfdSessions() {
        return bfd == null ? List.of() : bfd.sessions();
    }

    List<BgpSession> bgpSessions() {
        return announcer == null ? List.of() : announcer.sessions();
    }

    /**
     * Says goodbye before the fast path stops: BFD AdminDown (diagnostic 7) sent and the VIPs withdrawn, so
     * the router drops this next hop on purpose rather than after a detection time.
     */
    void goodbye() {
        if (announcer != null) {
            announcer.drain(true);
        }
        if (bfd != null) {
            bfd.ready(false);
            long deadline = System.nanoTime() + GOODBYE_WAIT_NANOS;
            while (!bfd.adminDownAnnounced() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        }
        if (runner != null) {
            runner.close();
        }
        if (announcer != null) {
            announcer.close();
        }
    }

    /** Releases BFD's ring; the workers must have stopped. */
    @Override
    public void close() {
        if (bfd != null) {
            bfd.close();
        }
    }
}
