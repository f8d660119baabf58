package io.trunkline.fastpath.runner;

import io.trunkline.bindings.dpdk.Eal;
import io.trunkline.bindings.os.CpuAffinity;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * Runs each fast-path agent on its own thread, the way an EAL lcore runs its loop: the thread is
 * registered with the EAL (mempool caches need an lcore id), pinned to its CPU when one is given,
 * and spins or backs off between empty polls by the configured idle strategy.
 */
public final class WorkerThreads implements AutoCloseable {
    /** What a worker does when a poll brings nothing. */
    public enum Idle {
        /** Spin: lowest latency, a whole core per worker. */
        BUSY_SPIN,
        /** Spin briefly, then yield, then park up to 1 ms: for labs where many processes share two cores. */
        BACKOFF;

        IdleStrategy strategy() {
            return this == BUSY_SPIN ? new BusySpinIdleStrategy()
                    : new BackoffIdleStrategy(64, 16, 1_000, 1_000_000);
        }
    }

    private final List<AgentRunner> runners = new ArrayList<>();
    private final AtomicLong errors = new AtomicLong();

    /**
     * Starts one thread per agent.
     *
     * @param cpus   the CPU of each agent, or -1 to leave it unpinned
     * @param errors told of every exception an agent throws (the agent keeps running)
     */
    public WorkerThreads(List<? extends Agent> agents, List<Integer> cpus, Idle idle, ErrorHandler errors) {
        if (agents.size() != cpus.size()) {
            throw new IllegalArgumentException(agents.size() + " agents but " + cpus.size() + " cpus");
        }
        ErrorHandler counting = t -> {
            this.errors.incrementAndGet();
            errors.onError(t);
        };
        for (int i = 0; i < agents.size(); i++) {
            AgentRunner runner = new AgentRunner(idle.strategy(), counting, null, new LcoreAgent(agents.get(i), cpus.get(i)));
            runners.add(runner);
        }
        runners.forEach(runner -> AgentRunner.startOnThread(runner, r -> new Thread(r, runner.agent().roleName())));
    }

    /** Exceptions the agents have thrown since start. */
    public long errors() {
        return errors.get();
    }

    /** Stops every thread, waiting for each to finish its duty cycle and close its agent. */
    @Override
    public void close() {
        runners.forEach(AgentRunner::close);
    }

    /** Registers the thread with the EAL and pins it before the agent's first duty cycle. */
    private record LcoreAgent(Agent agent, int cpu) implements Agent {
        @Override
        public void onStart() {
            if (cpu >= 0) {
                CpuAffinity.pinCurrentThread(cpu);
            }
            Eal.registerThread();
            agent.onStart();
        }

        @Override
        public int doWork() throws Exception {
            return agent.doWork();
        }

        @Override
        public void onClose() {
            agent.onClose();
            Eal.unregisterThread();
        }

        @Override
        public String roleName() {
            return agent.roleName();
        }
    }
}
