package io.trunkline.fastpath.bfd;

/**
 * One single-hop BFD session in asynchronous mode (RFC 5880), without a clock or packet I/O of its own:
 * the owner hands it each accepted control packet ({@link #receive}) and asks it, every duty cycle, whether
 * a packet is due ({@link #due}) and for that packet's contents ({@link #writeTo}). Times are the owner's
 * nanosecond clock; intervals are microseconds as on the wire.
 * <ul>
 *   <li>State variables and their initial values: section 6.8.1. The session starts AdminDown; the
 *       control plane enables it when the dispatcher is ready.</li>
 *   <li>Passive role (section 6.1): nothing is sent while bfd.RemoteDiscr is zero, so the router
 *       initiates, and the peer's MAC and our address are learnt from its packets.</li>
 *   <li>Reception: section 6.8.6 after the stateless checks of {@link BfdControlPacket#check}.</li>
 *   <li>Timers: section 6.8.3 (at least 1 s desired tx while not Up; a change starts a Poll Sequence),
 *       6.8.4 (Detection Time = remote Detect Mult x max(bfd.RequiredMinRxInterval, remote Desired Min TX)),
 *       6.8.7 (interval max(bfd.DesiredMinTxInterval, bfd.RemoteMinRxInterval) less 0-25 % jitter, 10-25 %
 *       with Detect Mult 1; at once when the contents change; a Final as soon as a Poll arrives).</li>
 *   <li>Administrative control: section 6.8.16 (AdminDown with diagnostic 7; enabled again to Down).</li>
 * </ul>
 * An increase of bfd.DesiredMinTxInterval happens only on leaving Up, so the rule holding the old
 * interval until the Poll Sequence ends (section 6.8.3) never applies. Single writer (the owner);
 * {@link #status} is readable from any thread.
 */
public final class BfdSession {
    /** Section 6.8.3: bfd.DesiredMinTxInterval while not Up is at least one second. */
    public static final long SLOW_TX_MICROS = 1_000_000;
    private static final long ADMIN_DOWN_SENT = 1L << 9;

    private final BfdPeer peer;
    private final int localDiscriminator;
    private final int sourcePort;
    private final long configuredTxMicros;
    private final long requiredMinRxMicros;
    private final int detectMult;

    private BfdState state = BfdState.ADMIN_DOWN;
    private BfdState remoteState = BfdState.DOWN;
    private int remoteDiscriminator;
    private int localDiagnostic;
    private long desiredMinTxMicros;
    private long remoteMinRxMicros = 1;
    private long remoteDesiredMinTxMicros;
    private int remoteDetectMult;
    private boolean pollSequence;
    private boolean finalDue;
    private boolean contentsChanged;
    private long lastPeriodicNanos;
    private long nextPeriodicNanos;
    private boolean detectionArmed;
    private long detectionDeadlineNanos;
    private long random;

    private volatile long published;
    private volatile int publishedRemoteDiscriminator;

    /**
     * @param localDiscriminator bfd.LocalDiscr: nonzero, unique among the dispatcher's sessions
     * @param sourcePort         the UDP source port of every packet of this session, 49152 .. 65535 (RFC 5881 section 4)
     */
    public BfdSession(BfdPeer peer, BfdConfig config, int localDiscriminator, int sourcePort, long seed) {
        if (localDiscriminator == 0) {
            throw new IllegalArgumentException("BFD local discriminator must be nonzero");
        }
        if (sourcePort < 49152 || sourcePort > 65535) {
            throw new IllegalArgumentException("BFD source port " + sourcePort + " outside 49152..65535");
        }
        this.peer = peer;
        this.localDiscriminator = localDiscriminator;
        this.sourcePort = sourcePort;
        this.configuredTxMicros = config.desiredMinTxMicros();
        this.requiredMinRxMicros = config.requiredMinRxMicros();
        this.detectMult = config.detectMult();
        this.desiredMinTxMicros = slowTxMicros();
        this.localDiagnostic = BfdDiagnostic.ADMINISTRATIVELY_DOWN;
        this.random = seed | 1;
        publish();
    }

    public BfdPeer peer() {
        return peer;
    }

    public int localDiscriminator() {
        return localDiscriminator;
    }

    public int sourcePort() {
        return sourcePort;
    }

    public BfdState state() {
        return state;
    }

    public BfdState remoteState() {
        return remoteState;
    }

    public int remoteDiscriminator() {
        return remoteDiscriminator;
    }

    public int localDiagnostic() {
        return localDiagnostic;
    }

    public long desiredMinTxMicros() {
        return desiredMinTxMicros;
    }

    public boolean pollSequence() {
        return pollSequence;
    }

    /** The transmit interval before jitter (section 6.8.7), microseconds. */
    public long transmitIntervalMicros() {
        return Math.max(desiredMinTxMicros, remoteMinRxMicros);
    }

    /** The Detection Time (section 6.8.4, asynchronous mode), microseconds; 0 before the peer has spoken. */
    public long detectionTimeMicros() {
        return remoteDetectMult * Math.max(requiredMinRxMicros, remoteDesiredMinTxMicros);
    }

    /** When the next periodic packet is due (owner's clock), meaningful while the peer is known. */
    public long nextPeriodicNanos() {
        return nextPeriodicNanos;
    }

    /** Section 6.8.6 from "Set bfd.RemoteDiscr" on, for a packet that passed the stateless checks. */
    public void receive(BfdControlPacket packet, long nowNanos) {
        if (remoteDiscriminator == 0) {
            contentsChanged = true; // a peer that has just spoken hears our state at once
        }
        remoteDiscriminator = packet.myDiscriminator();
        remoteState = packet.state();
        long previousRemoteMinRx = remoteMinRxMicros;
        remoteMinRxMicros = packet.requiredMinRxInterval();
        remoteDesiredMinTxMicros = packet.desiredMinTxInterval();
        remoteDetectMult = packet.detectMult();
        if (pollSequence && packet.isFinal()) {
            pollSequence = false;
        }
        if (remoteMinRxMicros != previousRemoteMinRx) {
            reschedule();
        }
        detectionArmed = true;
        detectionDeadlineNanos = nowNanos + detectionTimeMicros() * 1_000;
        if (state == BfdState.ADMIN_DOWN) {
            publish();
            return;
        }
        followRemote();
        if (packet.poll()) {
            finalDue = true;
        }
        publish();
    }

    /** The state table of section 6.8.6. */
    private void followRemote() {
        if (remoteState == BfdState.ADMIN_DOWN) {
            if (state != BfdState.DOWN) {
                change(BfdState.DOWN, BfdDiagnostic.NEIGHBOR_SIGNALED_SESSION_DOWN);
            }
            return;
        }
        switch (state) {
            case DOWN -> {
                if (remoteState == BfdState.DOWN) {
                    change(BfdState.INIT, localDiagnostic);
                } else if (remoteState == BfdState.INIT) {
                    change(BfdState.UP, BfdDiagnostic.NONE);
                }
            }
            case INIT -> {
                if (remoteState == BfdState.INIT || remoteState == BfdState.UP) {
                    change(BfdState.UP, BfdDiagnostic.NONE);
                }
            }
            case UP -> {
                if (remoteState == BfdState.DOWN) {
                    change(BfdState.DOWN, BfdDiagnostic.NEIGHBOR_SIGNALED_SESSION_DOWN);
                }
            }
            default -> {
            }
        }
    }

    /**
     * Runs the Detection Time (section 6.8.4 and the bfd.RemoteDiscr rule of 6.8.1) and says whether a
     * packet is due now: a Final, changed contents, or the periodic one. In the passive role nothing is due
     * while bfd.RemoteDiscr is zero; nothing periodic while bfd.RemoteMinRxInterval is zero.
     */
    public boolean due(long nowNanos) {
        if (detectionArmed && nowNanos - detectionDeadlineNanos >= 0) {
            detectionExpired();
        }
        if (remoteDiscriminator == 0) {
            return false;
        }
        return finalDue || contentsChanged || remoteMinRxMicros != 0 && nowNanos - nextPeriodicNanos >= 0;
    }

    private void detectionExpired() {
        detectionArmed = false;
        if (state == BfdState.INIT || state == BfdState.UP) {
            change(BfdState.DOWN, BfdDiagnostic.CONTROL_DETECTION_TIME_EXPIRED);
        }
        remoteDiscriminator = 0;
        pollSequence = false;
        finalDue = false;
        publish();
    }

    /**
     * Writes the packet that is due (section 6.8.7 contents): a Final answering a Poll has F set and P
     * clear; otherwise P is set while a Poll Sequence runs. Anything but a bare Final restarts the
     * periodic timer with fresh jitter.
     */
    public void writeTo(BfdControlPacket packet, long nowNanos) {
        boolean periodic = contentsChanged || nowNanos - nextPeriodicNanos >= 0;
        int flags = finalDue ? BfdControlPacket.FINAL : pollSequence ? BfdControlPacket.POLL : 0;
        packet.write(localDiagnostic, state, flags, detectMult, localDiscriminator, remoteDiscriminator,
                desiredMinTxMicros, requiredMinRxMicros);
        finalDue = false;
        contentsChanged = false;
        if (periodic) {
            lastPeriodicNanos = nowNanos;
            reschedule();
        }
        if (state == BfdState.ADMIN_DOWN) {
            publishAdminDownSent();
        }
    }

    /** Section 6.8.16, disable: AdminDown with diagnostic 7 (administratively down). */
    public void adminDown() {
        if (state != BfdState.ADMIN_DOWN) {
            change(BfdState.ADMIN_DOWN, BfdDiagnostic.ADMINISTRATIVELY_DOWN);
            publish();
        }
    }

    /** Section 6.8.16, enable: from AdminDown to Down. */
    public void enable() {
        if (state == BfdState.ADMIN_DOWN) {
            change(BfdState.DOWN, localDiagnostic);
            publish();
        }
    }

    private void change(BfdState next, int diagnostic) {
        state = next;
        localDiagnostic = diagnostic;
        contentsChanged = true;
        long desired = next == BfdState.UP ? configuredTxMicros : slowTxMicros();
        if (desired != desiredMinTxMicros) {
            desiredMinTxMicros = desired;
            // Section 6.8.3: a new interval is announced with a Poll Sequence (only a known peer can answer it).
            pollSequence = remoteDiscriminator != 0;
            reschedule();
        }
    }

    private long slowTxMicros() {
        return Math.max(configuredTxMicros, SLOW_TX_MICROS);
    }

    /** Section 6.8.7: the next periodic packet one jittered interval after the last. */
    private void reschedule() {
        nextPeriodicNanos = lastPeriodicNanos + jittered(transmitIntervalMicros()) * 1_000;
    }

    /** The interval less 0-25 % (Detect Mult 1: 10-25 %), from a per-session xorshift generator. */
    long jittered(long intervalMicros) {
        random ^= random << 13;
        random ^= random >>> 7;
        random ^= random << 17;
        int span = detectMult == 1 ? 16 : 26;
        long percent = 75 + Long.remainderUnsigned(random, span);
        return intervalMicros * percent / 100;
    }

    // Published word: state (2 bits), remote state (2), diagnostic (5), AdminDown sent (1).
    private void publish() {
        long word = state.code() | remoteState.code() << 2 | (long) localDiagnostic << 4;
        if (state == BfdState.ADMIN_DOWN) {
            word |= published & ADMIN_DOWN_SENT;
        }
        if (word != published) {
            published = word;
        }
        if (remoteDiscriminator != publishedRemoteDiscriminator) {
            publishedRemoteDiscriminator = remoteDiscriminator;
        }
    }

    private void publishAdminDownSent() {
        if ((published & ADMIN_DOWN_SENT) == 0) {
            published |= ADMIN_DOWN_SENT;
        }
    }

    /** The session as another thread sees it (CLI, metrics, the daemon waiting on a drain). */
    public BfdSessionStatus status() {
        long word = published;
        return new BfdSessionStatus(peer.port(), peer.address().getHostAddress(), BfdState.ofCode((int) word),
                BfdState.ofCode((int) (word >>> 2)), (int) (word >>> 4) & 0x1F, localDiscriminator,
                publishedRemoteDiscriminator, (word & ADMIN_DOWN_SENT) != 0);
    }
}
