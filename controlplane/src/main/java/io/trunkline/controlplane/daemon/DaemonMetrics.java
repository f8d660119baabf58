package io.trunkline.controlplane.daemon;

import io.trunkline.controlplane.config.BackendConfig;
import io.trunkline.controlplane.config.PoolConfig;
import io.trunkline.controlplane.config.TrunklineConfig;
import io.trunkline.controlplane.metrics.MetricsRegistry;
import io.trunkline.controlplane.replication.PeerStats;
import io.trunkline.fastpath.counters.CounterLayout;
import io.trunkline.fastpath.counters.CountersReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The daemon's Prometheus metrics, read at scrape time: the fast path's counters straight from the
 * counters file (labelled by port, VIP and backend names from the running configuration), the session
 * table, readiness and each replication peer's figures. Health metrics are declared by
 * {@link io.trunkline.controlplane.metrics.HealthMetrics}.
 */
final class DaemonMetrics {
    private DaemonMetrics() {
    }

    static void register(MetricsRegistry registry, CountersReader counters, Supplier<TrunklineConfig> config,
                         DispatcherControl control) {
        registerCounters(registry, counters, config);
        registry.counter("trunkline_worker_duty_cycles", "Duty cycles a worker ran", "worker").sampler(sink -> {
            for (int w = 0; w < counters.workers(); w++) {
                sink.accept(counters.value(w, CounterLayout.DUTY_CYCLES), Integer.toString(w));
            }
        });
        registry.counter("trunkline_worker_busy_cycles", "Duty cycles in which a worker found work: "
                + "rate(busy) / rate(duty) is its busy ratio", "worker").sampler(sink -> {
            for (int w = 0; w < counters.workers(); w++) {
                sink.accept(counters.value(w, CounterLayout.BUSY_CYCLES), Integer.toString(w));
            }
        });
        registry.gauge("trunkline_sessions", "Entries in the shared session table, tombstones included")
                .sampler(sink -> sink.accept(control.status().sessions()));
        registry.gauge("trunkline_ready", "1 when this dispatcher holds the whole shared table and serves traffic")
                .sampler(sink -> sink.accept(control.status().readiness().name().equals("READY") ? 1 : 0));
        registry.gauge("trunkline_replication_peer_up", "1 when the peer's heartbeats arrive", "peer")
                .sampler(sink -> control.replication().peers().forEach(p ->
                        sink.accept(p.state().name().equals("UP") ? 1 : 0, Integer.toString(p.peerId()))));
        peerCounter(registry, control, "trunkline_replication_records_sent", "Records sent to the peer", PeerStats::recordsSent);
        peerCounter(registry, control, "trunkline_replication_records_received", "Records received from the peer",
                PeerStats::recordsReceived);
        peerCounter(registry, control, "trunkline_replication_records_applied", "Records of the peer that won last-writer-wins",
                PeerStats::recordsApplied);
        peerCounter(registry, control, "trunkline_replication_auth_failures", "Batches from the peer failing authentication",
                PeerStats::authFailures);
        registry.gauge("trunkline_replication_lag_max_seconds", "Largest record age seen at apply while ready, since start", "peer")
                .sampler(sink -> control.replication().peers().forEach(p ->
                        sink.accept(p.lagMaxMillis() / 1e3, Integer.toString(p.peerId()))));
        registry.gauge("trunkline_replication_lag_seconds", "Record age at apply of the peer's last batch applied while ready", "peer")
                .sampler(sink -> control.replication().peers().forEach(p ->
                        sink.accept(p.lagLastMillis() / 1e3, Integer.toString(p.peerId()))));
    }

    private static void peerCounter(MetricsRegistry registry, DispatcherControl control, String name, String help,
                                     ToLongFunction<PeerStats> value) {
        registry.counter(name, help, "peer").sampler(sink -> control.replication().peers().forEach(p ->
                sink.accept(value.applyAsLong(p), Integer.toString(p.peerId()))));
    }

    /**
     * One family per counter name ({@code rx_packets{port=0}} → {@code trunkline_rx_packets_total{port="data0"}}).
     * The counters file's layout is fixed when the daemon starts, so the counters of each family are found
     * once here; a scrape reads only their values.
     */
    private static void registerCounters(MetricsRegistry registry, CountersReader counters, Supplier<TrunklineConfig> config) {
        Map<String, CounterFamilyIndex> families = new LinkedHashMap<>();
        for (int id = 0; id < counters.counterCount(); id++) {
            String label = counters.label(id);
            int brace = label.indexOf('{');
            String name = brace < 0 ? label : label.substring(0, brace);
            String key = brace < 0 ? null : label.substring(brace + 1, label.indexOf('='));
            String value = brace < 0 ? null : label.substring(label.indexOf('=') + 1, label.length() - 1);
            families.computeIfAbsent(name, n -> new CounterFamilyIndex(key, new ArrayList<>()))
                    .series().add(new Series(id, counters.typeId(id), value));
        }
        families.forEach((name, family) -> {
            String help = "Fast-path counter " + name + ", summed over workers";
            var declared = family.key() == null
                    ? registry.counter("trunkline_" + name, help)
                    : registry.counter("trunkline_" + name, help, family.key());
            declared.sampler(sink -> {
                Names names = new Names(config.get());
                for (Series series : family.series()) {
                    long total = counters.total(series.id());
                    if (family.key() == null) {
                        sink.accept(total);
                        continue;
                    }
                    String named = names.of(series.type(), series.labelValue());
                    if (named != null && (total != 0 || series.type() != CounterLayout.TYPE_BACKEND)) {
                        sink.accept(total, named);
                    }
                }
            });
        });
    }

    /** The counters of one family: its label key (null for a single counter) and its series. */
    private record CounterFamilyIndex(String key, List<Series> series) {
    }

    /** One counter of a family: its id in the counters file, its type and the raw label value (an index or id). */
    private record Series(int id, int type, String labelValue) {
    }

    /** Port index, VIP index and backend id to the configuration's names; null for one not configured. */
    private record Names(TrunklineConfig config) {
        String of(int type, String value) {
            return switch (type) {
                case CounterLayout.TYPE_PORT -> index(value) < config.ports().size() ? config.ports().get(index(value)).name() : null;
                case CounterLayout.TYPE_VIP -> index(value) < config.vips().size() ? config.vips().get(index(value)).name() : null;
                case CounterLayout.TYPE_BACKEND -> backend(index(value));
                default -> value;
            };
        }

        private String backend(int id) {
            for (PoolConfig pool : config.pools()) {
                for (BackendConfig backend : pool.backends()) {
                    if (backend.id() == id) {
                        return pool.name() + "/" + backend.name();
                    }
                }
            }
            return null;
        }

        private static int index(String value) {
            return Integer.parseInt(value);
        }
    }
}
