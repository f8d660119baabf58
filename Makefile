# Trunkline: the two commands a newcomer needs are `make demo` and `make test` (see README.md).
SHELL := /bin/bash
MVN = JAVA_HOME="$$(scripts/find-jdk)" ./mvnw -B -q

.PHONY: all bootstrap build test demo bench bench-jmh bench-fastpath bench-replication clean

all: build

bootstrap:
	@scripts/bootstrap

build: bootstrap
	@$(MVN) install -DskipTests
	@mkdir -p bin && install -m 0755 scripts/trunkline bin/trunkline
	@echo "built: bin/trunkline"

# Not quiet: Surefire's "Tests run:" lines and the reactor summary are the test report.
test: bootstrap
	@JAVA_HOME="$$(scripts/find-jdk)" ./mvnw -B --no-transfer-progress install
	@mkdir -p bin && install -m 0755 scripts/trunkline bin/trunkline

# The lab (docs/lab.md): a cluster of dispatchers behind a router in network namespaces, a dispatcher
# killed and restarted under traffic, a summary counted by the clients. Root; about two minutes.
demo: build
	@bin/trunkline lab demo

# Throughput scenarios against dpdk-testpmd io and macswap, report.json and plots in
# bench/results/latest (docs/bench.md). BENCH_QUICK=1 for a fast pass.
bench: build
	@bench/run-bench

# JMH micro-benchmarks of the hot pieces, with allocation per operation (-prof gc).
bench-jmh: build
	@JAVA_HOME="$$(scripts/find-jdk)" bench/run-jmh

# testpmd macswap and the Java fast path on the same replayed capture and core.
bench-fastpath: build
	@bench/run-fastpath

# Replication records/s and insert-to-apply latency between two dispatcher processes on loopback;
# options through BENCH_ARGS, e.g. make bench-replication BENCH_ARGS="--runs 5 --records 4000000".
bench-replication:
	@bench/run-replication $(BENCH_ARGS)

clean:
	@$(MVN) clean
	@rm -rf bin
