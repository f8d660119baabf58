/*
 * lab-watch: a heartbeat that cannot stall with what it watches. The lab starts two: one at SCHED_FIFO priority
 * ("machine": when it misses its ticks nothing ran at all, the machine itself paused) and one at normal priority
 * ("scheduler": when only it misses them, ordinary processes were starved of CPU). Every 100 ms it stamps
 * CLOCK_MONOTONIC and CLOCK_REALTIME; a tick later than 250 ms is written as a gap. The machine watch also writes,
 * each second, CPU/memory/io pressure (/proc/pressure, "some" total in microseconds) and steal time (/proc/stat).
 *
 *   lab-watch machine|scheduler FILE
 *
 * Lines: "gap kind=K start_mono_ms=S end_mono_ms=E gap_ms=G real_jump_ms=J" (J: how much further the wall clock
 * moved than the monotonic clock over the gap) and "sample mono_ms=M real_ms=R cpu_some_us=.. memory_some_us=..
 * io_some_us=.. steal_ticks=..". Built by the lab with cc; no dependency beyond libc.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long long now_ms(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

static long long pressure_some_us(const char *resource) {
    char path[64], line[256];
    long long total = -1;
    snprintf(path, sizeof path, "/proc/pressure/%s", resource);
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return -1;
    }
    if (fgets(line, sizeof line, f) != NULL) {
        char *at = strstr(line, "total=");
        if (at != NULL) {
            total = atoll(at + 6);
        }
    }
    fclose(f);
    return total;
}

static long long steal_ticks(void) {
    long long v[8] = {0};
    FILE *f = fopen("/proc/stat", "r");
    if (f == NULL) {
        return -1;
    }
    int n = fscanf(f, "cpu %lld %lld %lld %lld %lld %lld %lld %lld", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
    fclose(f);
    return n == 8 ? v[7] : -1;
}

int main(int argc, char **argv) {
    if (argc != 3 || (strcmp(argv[1], "machine") != 0 && strcmp(argv[1], "scheduler") != 0)) {
        fprintf(stderr, "usage: lab-watch machine|scheduler FILE\n");
        return 2;
    }
    int machine = strcmp(argv[1], "machine") == 0;
    FILE *out = fopen(argv[2], "a");
    if (out == NULL) {
        perror(argv[2]);
        return 1;
    }
    setvbuf(out, NULL, _IOLBF, 0);
    long long last_mono = now_ms(CLOCK_MONOTONIC), last_real = now_ms(CLOCK_REALTIME);
    for (long long tick = 1;; tick++) {
        struct timespec interval = {0, 100 * 1000000L};
        nanosleep(&interval, NULL);
        long long mono = now_ms(CLOCK_MONOTONIC), real = now_ms(CLOCK_REALTIME);
        if (mono - last_mono > 250) {
            fprintf(out, "gap kind=%s start_mono_ms=%lld end_mono_ms=%lld gap_ms=%lld real_jump_ms=%lld\n", argv[1],
                    last_mono, mono, mono - last_mono, (real - last_real) - (mono - last_mono));
        }
        if (machine && tick % 10 == 0) {
            fprintf(out, "sample mono_ms=%lld real_ms=%lld cpu_some_us=%lld memory_some_us=%lld io_some_us=%lld steal_ticks=%lld\n",
                    mono, real, pressure_some_us("cpu"), pressure_some_us("memory"), pressure_some_us("io"), steal_ticks());
        }
        last_mono = mono;
        last_real = real;
    }
}
