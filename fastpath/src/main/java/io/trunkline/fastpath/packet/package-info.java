/**
 * Packet logic of the fast path, separate from packet I/O: parsing in place, checksums, and the
 * forwarding rewrites (L2 DSR, NAT, IP-in-IP, GUE). Nothing here allocates, locks or throws per packet;
 * every class is a reusable flyweight or a stateless helper owned by one worker.
 *
 * <h2>Addressing</h2>
 * Every header is read at {@code segment + base + offset}. On DPDK, {@code segment} is
 * {@link io.trunkline.fastpath.packet.PacketParser#ALL_MEMORY} and {@code base} is
 * {@code Mbuf.dataAddress()}; in tests it is a heap segment and a small offset. All multi-byte fields
 * are big-endian and unaligned. The parser checks each length against the frame before reading it,
 * and bounds transport parsing by the IP length fields, not the frame (Ethernet pads short frames).
 *
 * <h2>Layouts (offsets in bytes from the start of each header)</h2>
 * <pre>
 * Ethernet II, optional 802.1ad/802.1Q tags (at most three)
 *  0                   6                   12      14
 * +-------------------+-------------------+-------+
 * | destination MAC   | source MAC        | type  |  type 0x88A8/0x8100: a tag follows
 * +-------------------+-------------------+-------+
 *                          tag: | TPID  | TCI (PCP 3, DEI 1, VID 12) | next type |
 *                               12      14                            16        18
 *
 * IPv4 (RFC 791)
 *  0       1       2               4               6               8       9       10              12
 * +---+---+-------+---------------+---------------+-+-+-+---------+-------+-------+---------------+
 * |ver|IHL|  TOS  | total length  | identification|0|D|M| frag off| TTL   | proto | header cksum  |
 * +---+---+-------+---------------+---------------+-+-+-+---------+-------+-------+---------------+
 * 12: source address   16: destination address   20: options (IHL*4 - 20 bytes, up to 40)
 *     fragment offset is in 8-byte units; offset != 0 means no transport header (no ports)
 *
 * IPv6 (RFC 8200)
 *  0        4           12                        32 bits
 * +--------+-----------+--------------------------+
 * |version | traffic cl| flow label               |  0
 * +--------+-----------+-------------+------------+
 * | payload length     | next header | hop limit  |  4
 * +--------------------+-------------+------------+
 * | source address (16 bytes)                      |  8
 * | destination address (16 bytes)                 | 24 .. 40
 * extension headers walked (at most 8): hop-by-hop 0, routing 43, destination options 60
 *   | next header | hdr ext len (8-byte units beyond the first 8) | data ...
 * fragment header 44 (8 bytes):
 *   | next header | reserved | offset (13 bits) | res | M | identification (32 bits) |
 *   0             1          2                                4                      8
 *
 * TCP (RFC 9293)                                   UDP (RFC 768)
 *  0           2           4         8            0           2           4        6        8
 * +-----------+-----------+---------+---------+  +-----------+-----------+--------+--------+
 * | src port  | dst port  | seq     | ack     |  | src port  | dst port  | length | cksum  |
 * +-----------+-----------+---------+---------+  +-----------+-----------+--------+--------+
 * 12: data offset (4 bits, words)  13: flags CWR ECE URG ACK PSH RST SYN FIN  14: window  16: checksum
 *
 * ICMP (RFC 792) / ICMPv6 (RFC 4443)
 *  0      1      2          4                          8
 * +------+------+----------+--------------------------+-------------------------------+
 * | type | code | checksum | rest of header           | errors: the offending packet  |
 * +------+------+----------+--------------------------+-------------------------------+
 *   ICMPv4 3/4 frag-needed: next-hop MTU in bytes 6-7; ICMPv6 2 packet-too-big: MTU in bytes 4-7.
 *
 * IP-in-IP (20 bytes prepended)             GUE (32 bytes prepended)
 * | L2 | outer IPv4 (proto 4/41) | inner |  | L2 | outer IPv4 (17) | UDP 8 | GUE 4 | inner |
 *                                           GUE variant 0:  | 00 C=0 Hlen=0 | proto 4/41 | flags 0 |
 * </pre>
 *
 * <h2>ICMP errors for VIP flows</h2>
 * A router on the path back to a client answers a too-big reply from the VIP with ICMP frag-needed
 * (or ICMPv6 packet-too-big) addressed to the VIP. The parser exposes the quoted packet's flow
 * <em>reversed</em>, client to VIP, which is the key the dispatcher stored the flow under; the worker
 * forwards the error to that flow's backend with the flow's own forwarding mode, so path-MTU discovery
 * works through the dispatcher.
 *
 * <h2>Encapsulation and headroom</h2>
 * Encapsulators write their headers in front of the frame and move the L2 header back; the worker passes
 * {@code mbuf.headroom()}, and on {@code OK} calls {@code mbuf.adjustStart(-OVERHEAD)} and readdresses
 * the moved L2 header to the next hop with {@link io.trunkline.fastpath.packet.DsrRewriter}. On
 * {@code FRAGMENTATION_NEEDED} the worker answers the client with ICMP frag-needed (IPv4) or
 * packet-too-big (IPv6) carrying {@code innerMtu()}, written in place by
 * {@link io.trunkline.fastpath.packet.PacketTooBigWriter} within a per-worker rate.
 */
package io.trunkline.fastpath.packet;
