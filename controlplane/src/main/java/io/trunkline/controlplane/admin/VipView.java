package io.trunkline.controlplane.admin;

/**
 * A VIP as {@code vip list} shows it: its configuration, enum values spelled as in the file, and
 * the sessions it has in the shared table now.
 */
public record VipView(String name, String address, int port, String protocol, String mode, String policy, String pool,
                      long sessions) {
}
