/**
 * Panama bindings to libibverbs (rdma-core), for the RDMA replication transport: reliable-connected
 * queue pairs carrying SENDs of record batches between dispatchers over InfiniBand or RoCE.
 *
 * <h2>The verbs flow</h2>
 * <pre>
 *  DeviceList.open(name)            ibv_get_device_list, ibv_open_device   -> DeviceContext
 *    queryDevice / queryPort / queryGid                                       (limits, LID, MTU, link layer, GID)
 *    allocateProtectionDomain()     ibv_alloc_pd                           -> ProtectionDomain
 *      register(segment, access)    ibv_reg_mr                             -> MemoryRegion (lkey)
 *    createCompletionQueue(n)       ibv_create_cq                          -> CompletionQueue
 *      createRcQueuePair(cq, cq, caps)  ibv_create_qp (RESET)              -> QueuePair
 *
 *  qp.modifyToInit(port, access)                      RESET -> INIT
 *  -- exchange QpEndpoint (qp_num, psn, lid, mtu, gid) with the peer over TCP --
 *  qp.postRecv(...)                                   receives ready before the peer may send
 *  qp.modifyToReadyToReceive(RtrConfig, remote)       INIT -> RTR  (LID on InfiniBand, GID on RoCE)
 *  qp.modifyToReadyToSend(RtsConfig)                  RTR -> RTS
 *
 *  data path (allocation-free, critical downcalls through the shim):
 *    SendWorkRequests.set(...); qp.postSend(wrs, n)    ibv_post_send
 *    RecvWorkRequests.set(...); qp.postRecv(wrs, n)    ibv_post_recv
 *    cq.poll(WorkCompletions)                          ibv_poll_cq; wr_id, status, opcode, byte_len
 * </pre>
 * Tear down in reverse: queue pair, completion queues, memory regions, protection domain, device.
 *
 * <h2>Errors</h2>
 * A host without an RDMA device fails at {@link io.trunkline.bindings.verbs.DeviceList#open} with a
 * {@link io.trunkline.bindings.SetupException} naming the cause (e.g. ibv_get_device_list failing
 * with ENOSYS when the kernel has no RDMA support); the control plane then uses the Ethernet
 * transport. Control-path calls capture errno and throw
 * {@link io.trunkline.bindings.verbs.VerbsException}; data-path calls return the provider's code
 * and the caller counts it, and failed completions are named by
 * {@link io.trunkline.bindings.verbs.WorkCompletions#statusString}.
 *
 * <p>Structs are described by {@link io.trunkline.bindings.verbs.VerbsLayouts} and checked against
 * the installed {@code infiniband/verbs.h} by the conformance test.
 */
package io.trunkline.bindings.verbs;
