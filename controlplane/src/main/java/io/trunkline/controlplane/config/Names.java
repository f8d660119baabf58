package io.trunkline.controlplane.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How enum constants are spelled in the file: lower case, dashes, {@code BUSY_SPIN} as {@code busy-spin}. */
public final class Names {
    private Names() {
    }

    public static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static <E extends Enum<E>> E parse(Class<E> type, String text) {
        for (E constant : type.getEnumConstants()) {
            if (of(constant).equals(text)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("must be one of " + choices(type));
    }

    public static <E extends Enum<E>> String choices(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Names::of).collect(Collectors.joining(", "));
    }
}
