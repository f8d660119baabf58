package io.trunkline.controlplane.config;

/** Config texts the tests share: the full example of docs/config.md and the smallest valid file. */
final class Configs {
    private Configs() {
    }

    /** Every key of the file; the same text as the complete example in docs/config.md. */
    static final String FULL = """
            node: { id: 1, name: dispatcher-a }
            dpdk:
              main_lcore: 0
              eal_args: [--log-level=lib.eal:notice]
              memory: hugepages
              memory_size: 2GiB
            ports:
              - name: data0
                device: "net_af_xdp0,iface=veth-d1"
                addresses: [198.18.1.2/24, "2001:2::2/64"]
                mtu: 1500
                gateways: [198.18.1.1]
                exception_path: { interface: tl-data0, rate: 20000, burst: 500 }
              - name: data1
                device: "0000:03:00.0"
                addresses: [198.18.3.2/24]
                mtu: 9000
            workers: { lcores: [1, 2], idle: busy-spin }
            session_table: { path: /dev/shm/trunkline-dispatcher-a-sessions, capacity: 10000000 }
            flow_cache: { entries_per_worker: 1048576 }
            timeouts: { tcp_syn: 10s, tcp_established: 300s, tcp_closing: 2s, udp: 30s }
            replication:
              transport: rdma
              fallback: udp
              listen: 198.18.2.1:7400
              peers: [ { id: 2, address: 198.18.2.2:7400 }, { id: 3, address: 198.18.2.3:7400 } ]
              cluster_key_file: /etc/trunkline/cluster.key
              batch_delay: 20us
              heartbeat: { interval: 100ms, miss_limit: 5 }
              rdma: { device: mlx5_0, port: 1, gid_index: 3 }
              appliers: 2
              mtu: 9216
            admin:
              socket: /run/trunkline/admin.sock
              ssh:
                enabled: true
                listen: "0.0.0.0:2222"
                authorized_keys: /etc/trunkline/authorized_keys
                host_key: /var/lib/trunkline/ssh_host_ecdsa_key
            metrics: { listen: "127.0.0.1:9100" }
            routing:
              bgp:
                local_as: 64512
                router_id: 198.18.1.2
                announce: true
                hold_time: 9s
                keepalive: 3s
                neighbours:
                  - { address: 198.18.1.1, as: 64500, password_file: /etc/trunkline/bgp-router-a.password, source: 198.18.1.2 }
                  - { address: 198.18.3.1, as: 64500 }
              bfd: { tx_interval: 100ms, rx_interval: 100ms, multiplier: 3 }
              bird:
                binary: bird
                socket: /run/trunkline/bird.ctl
                config: /run/trunkline/bird.conf
                pid_file: /run/trunkline/bird.pid
            vips:
              - { name: web, address: 198.19.0.1, port: 80, protocol: tcp, mode: dsr, policy: maglev, pool: web }
              - { name: dns, address: 198.19.0.2, port: 53, protocol: udp, mode: nat, policy: wrr, pool: dns }
              - { name: web6, address: "2001:9::1", port: 443, mode: ipip, policy: wlc, pool: web }
            pools:
              - name: web
                health: { type: http, path: /health, expect: 200, interval: 2s, timeout: 1s, rise: 2, fall: 3 }
                on_backend_down: keep
                backends:
                  - { name: web1, address: 198.18.3.10, weight: 100, max_connections: 0 }
                  - { name: web2, address: 198.18.3.11, weight: 0, mac: "02:00:00:00:03:0b", state: drain }
              - name: dns
                health: { type: tcp, interval: 5s, timeout: 500ms, rise: 1, fall: 2 }
                on_backend_down: reassign
                backends:
                  - { name: dns1, address: 10.20.0.53, port: 5353, weight: 50, max_connections: 10000, next_hop: 198.18.3.1 }
            """;

    /** The smallest file the loader accepts: node, ports, vips and pools. */
    static final String MINIMAL = """
            node: { id: 7, name: lab }
            ports:
              - { name: data0, device: net_null0, addresses: [198.18.1.2/24] }
            vips:
              - { name: web, address: 198.19.0.1, port: 80, pool: web }
            pools:
              - name: web
                backends:
                  - { name: web1, address: 198.18.1.10 }
            """;
}
