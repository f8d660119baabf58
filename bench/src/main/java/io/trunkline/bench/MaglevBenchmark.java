package io.trunkline.bench;

import io.trunkline.fastpath.select.Backend;
import io.trunkline.fastpath.select.Policy;
import io.trunkline.fastpath.select.SelectionTable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Weighted Maglev: building a VIP's table off the fast path ({@code build}, microseconds; it allocates
 * the table, by design) and the per-packet lookup of a new flow's backend ({@code select}, 0 B/op).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MaglevBenchmark {
    @Param({"4", "100"})
    public int backends;

    private final List<Backend> members = new ArrayList<>();
    private SelectionTable table;
    private int hash;

    @Setup(Level.Trial)
    public void setUp() {
        for (int id = 0; id < backends; id++) {
            members.add(new Backend(id, "backend-" + id, 1 + id % 3));
        }
        table = build();
    }

    @Benchmark
    public SelectionTable build() {
        return SelectionTable.build(Policy.MAGLEV, members, SelectionTable.tableSizeFor(backends));
    }

    @Benchmark
    public int select() {
        hash += 0x9E3779B9;
        return table.select(hash);
    }
}
