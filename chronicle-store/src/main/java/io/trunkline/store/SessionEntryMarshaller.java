package io.trunkline.store;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.hash.serialization.SizedReader;
import net.openhft.chronicle.hash.serialization.SizedWriter;
import net.openhft.chronicle.hash.serialization.impl.EnumMarshallable;

/**
 * Chronicle Map value marshaller for {@link SessionEntry}: constant size, reads into the caller's instance.
 * Stateless singleton; Chronicle records its class name in the map file's header and a process that
 * reopens the file gets {@link #INSTANCE} back through {@link #readResolve()}.
 */
final class SessionEntryMarshaller
    implements SizedReader<SessionEntry>, SizedWriter<SessionEntry>, EnumMarshallable<SessionEntryMarshaller> {
    static final SessionEntryMarshaller INSTANCE = new SessionEntryMarshaller();

    private SessionEntryMarshaller() {
    }

    @Override
    public long size(SessionEntry value) {
        return SessionEntry.SIZE;
    }

    @Override
    public void write(Bytes<?> out, long size, SessionEntry value) {
        value.writeTo(out);
    }

    @Override
    public SessionEntry read(Bytes<?> in, long size, SessionEntry using) {
        SessionEntry value = using != null ? using : new SessionEntry();
        value.readFrom(in);
        return value;
    }

    @Override
    public SessionEntryMarshaller readResolve() {
        return INSTANCE;
    }
}
