package io.trunkline.store;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.hash.serialization.SizedReader;
import net.openhft.chronicle.hash.serialization.SizedWriter;
import net.openhft.chronicle.hash.serialization.impl.EnumMarshallable;

/**
 * Chronicle Map key marshaller for {@link FlowKey}: constant size, reads into the caller's instance.
 * Stateless singleton; Chronicle records its class name in the map file's header and a process that
 * reopens the file gets {@link #INSTANCE} back through {@link #readResolve()}.
 */
final class FlowKeyMarshaller
    implements SizedReader<FlowKey>, SizedWriter<FlowKey>, EnumMarshallable<FlowKeyMarshaller> {
    static final FlowKeyMarshaller INSTANCE = new FlowKeyMarshaller();

    private FlowKeyMarshaller() {
    }

    @Override
    public long size(FlowKey key) {
        return FlowKey.SIZE;
    }

    @Override
    public void write(Bytes<?> out, long size, FlowKey key) {
        key.writeTo(out);
    }

    @Override
    public FlowKey read(Bytes<?> in, long size, FlowKey using) {
        FlowKey key = using != null ? using : new FlowKey();
        key.readFrom(in);
        return key;
    }

    @Override
    public FlowKeyMarshaller readResolve() {
        return INSTANCE;
    }
}
