package io.trunkline.fastpath.counters;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Prints a counters file as {@code label=value} lines, values summed over workers, in counter id order;
 * {@code --per-worker} adds {@code label[worker=N]=value} lines. The AeronStat of Trunkline, run in its own
 * process: {@code java -cp fastpath.jar io.trunkline.fastpath.counters.CountersStat /dev/shm/trunkline-a-counters}.
 */
public final class CountersStat {
    private CountersStat() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2 || (args.length == 2 && !args[1].equals("--per-worker"))) {
            System.err.println("usage: CountersStat <counters file> [--per-worker]");
            System.exit(2);
        }
        try (CountersReader reader = CountersReader.open(Path.of(args[0]))) {
            print(reader, args.length == 2, System.out);
        } catch (RuntimeException e) {
            System.err.println("counters: " + e.getMessage());
            System.exit(1);
        }
    }

    static void print(CountersReader reader, boolean perWorker, PrintStream out) {
        reader.forEach((id, typeId, label, total) -> {
            out.println(label + "=" + total);
            if (perWorker) {
                for (int worker = 0; worker < reader.workers(); worker++) {
                    out.println(label + "[worker=" + worker + "]=" + reader.value(worker, id));
                }
            }
        });
    }
}
