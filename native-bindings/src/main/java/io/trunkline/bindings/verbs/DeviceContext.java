package io.trunkline.bindings.verbs;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.trunkline.bindings.SetupException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * An opened RDMA device (struct ibv_context, from ibv_open_device): queries, and the factory of
 * protection domains and completion queues. Obtained from {@link DeviceList#open}. Close it after
 * everything created from it.
 */
public final class DeviceContext implements AutoCloseable {
    private static final MethodHandle IBV_OPEN_DEVICE = Verbs.callSettingErrno("ibv_open_device", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle IBV_CLOSE_DEVICE = Verbs.callSettingErrno("ibv_close_device", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle IBV_QUERY_DEVICE = Verbs.callSettingErrno("ibv_query_device",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle TL_IBV_QUERY_PORT = Verbs.callSettingErrno("tl_ibv_query_port",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_BYTE, ADDRESS));
    private static final MethodHandle IBV_QUERY_GID = Verbs.callSettingErrno("ibv_query_gid",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_BYTE, JAVA_INT, ADDRESS));
    private static final MethodHandle IBV_ALLOC_PD = Verbs.callSettingErrno("ibv_alloc_pd", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle IBV_CREATE_CQ = Verbs.callSettingErrno("ibv_create_cq",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));

    private final MemorySegment context;
    private final String name;
    private boolean closed;

    private DeviceContext(MemorySegment context, String name) {
        this.context = context;
        this.name = name;
    }

    /** ibv_open_device; a device that is listed but cannot be opened is a setup problem of this host. */
    static DeviceContext open(MemorySegment device, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Verbs.callState(arena);
            MemorySegment context = (MemorySegment) IBV_OPEN_DEVICE.invokeExact(state, device);
            if (context.equals(MemorySegment.NULL)) {
                throw new SetupException(new VerbsException("ibv_open_device(" + name + ")", Verbs.errno(state)).getMessage(),
                        "check that /dev/infiniband/uverbs* is accessible to this user and the device's provider is in ibverbs-providers");
            }
            return new DeviceContext(context, name);
        } catch (Throwable t) {
            throw Verbs.rethrow(t);
        }
    }

    /** The kernel's name of the device, e.g. {@code mlx5_0}. */
    public String name() {
        return name;
    }

    /** ibv_query_device. */
    public DeviceAttributes queryDevice() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Verbs.callState(arena);
            MemorySegment attr = arena.allocate(VerbsLayouts.IBV_DEVICE_ATTR);
            VerbsException.check((int) IBV_QUERY_DEVICE.invokeExact(state, context, attr), state, "ibv_query_device(" + name + ")");
            return DeviceAttributes.read(attr);
        } catch (Throwable t) {
            throw Verbs.rethrow(t);
        }
    }

    /** ibv_query_port (through the shim: the header makes it an inline over the provider's op). Ports count from 1. */
    public PortAttributes queryPort(int port) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Verbs.callState(arena);
            MemorySegment attr = arena.allocate(VerbsLayouts.IBV_PORT_ATTR);
            VerbsException.check((int) TL_IBV_QUERY_PORT.invokeExact(state, context, (byte) port, attr), state,
                    "ibv_query_port(" + name + " port " + port + ")");
            return PortAttributes.read(attr);
        } catch (Throwable t) {
            throw Verbs.rethrow(t);
        }
    }

    /** ibv_query_gid: entry {@code index} of the port's GID table; {@link Gid#ZERO} for an empty entry. */
    public Gid queryGid(int port, int index) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Verbs.callState(arena);
            MemorySegment gid = arena.allocate(Gid.BYTES, 8);
            VerbsException.check((int) IBV_QUERY_GID.invokeExact(state, context, (byte) port, index, gid), state,
                    "ibv_query_gid(" + name + " port " + port + " index " + index + ")");
            return Gid.read(gid, 0);
        } catch (Throwable t) {
            throw Verbs.rethrow(t);
        }
    }

    /** ibv_alloc_pd. */
    public ProtectionDomain allocateProtectionDomain() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Verbs.callState(arena);
            MemorySegment pd = (MemorySegment) IBV_ALLOC_PD.invokeExact(state, context);
            return new ProtectionDomain(VerbsException.checkNotNull(pd, state, "ibv_alloc_pd(" + name + ")"), name);
        } catch (Throwable t) {
            throw Verbs.rethrow(t);
        }
    }

    /** ibv_create_cq with room for at least {@code entries} completions, polled (no completion channel). */
    public CompletionQueue createCompletionQueue(int entries) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Verbs.callState(arena);
            MemorySegment cq = (MemorySegment) IBV_CREATE_CQ.invokeExact(state, context, entries, MemorySegment.NULL,
                    MemorySegment.NULL, 0);
            return new CompletionQueue(VerbsException.checkNotNull(cq, state, "ibv_create_cq(" + name + ", " + entries + " entries)"));
        } catch (Throwable t) {
            throw Verbs.rethrow(t);
        }
    }

    /** ibv_close_device. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Verbs.destroy(IBV_CLOSE_DEVICE, context, "ibv_close_device(" + name + ")");
        }
    }
}
