package com.socialwire.shared.snapstart;

import com.socialwire.shared.logging.LambdaLogging;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * SnapStart priming: before Lambda snapshots an initialised function, each handler runs a synthetic
 * request through its own code path (JSON parsing, routing, the error envelope, serialisation, logging),
 * so those classes are loaded and their first-call work done in the snapshot instead of on the first
 * real request after a restore. A priming request touches no network and carries no tenant, key or
 * secret, so nothing of a customer's is captured in the snapshot. After the restore the next invocation
 * is logged as a cold start again.
 *
 * <p>Registered with CRaC's global context only when Lambda initialises for a snapshot
 * ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}); elsewhere (tests, the local runtime, on-demand
 * Lambda) {@link #register} does nothing, so no handler is kept alive by it.
 */
public final class Priming implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);

    /** CRaC's context holds resources weakly: these keep them alive until the checkpoint. */
    private static final List<Priming> REGISTERED = new CopyOnWriteArrayList<>();

    /** The synthetic work one handler does before the snapshot. */
    @FunctionalInterface
    public interface Primer {
        void prime() throws Exception;
    }

    private final String name;
    private final Primer primer;

    Priming(String name, Primer primer) {
        this.name = name;
        this.primer = primer;
    }

    /** Whether Lambda is initialising a SnapStart snapshot (else {@link #register} does nothing). */
    public static boolean active() {
        return "snap-start".equals(System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE"));
    }

    /** Registers {@code primer} to run before a SnapStart snapshot; a no-op unless Lambda is initialising one. */
    public static void register(String name, Primer primer) {
        if (!active()) {
            return;
        }
        Priming priming = new Priming(name, primer);
        REGISTERED.add(priming);
        Core.getGlobalContext().register(priming);
    }

    /**
     * Priming for a scheduled handler, whose only request (a run over the store) cannot be made without the
     * network: the logging wrapper and the JSON writer it answers with, the part of its path that can run.
     */
    public static void registerScheduled(String name) {
        if (!active()) {
            return; // the primer below is a lambda: not even built on an ordinary start
        }
        register(name, () -> com.socialwire.shared.logging.LambdaLogging.withLogging(null,
                () -> com.socialwire.shared.Json.bytes(java.util.Map.of("primed", true))));
    }

    /** Runs the synthetic request; a failure is logged, never thrown: a missed priming must not fail the deployment. */
    boolean prime() {
        try {
            com.socialwire.shared.aws.LeanDynamoDb.primeCodec(); // the stores' raw DynamoDB path, without the network
            primer.prime();
            return true;
        } catch (Exception | LinkageError e) {
            LOG.warn("SnapStart priming of {} failed: {}", name, e.toString());
            return false;
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // the priming request used up the process's first invocation; the first real one after a restore is cold
        LambdaLogging.restored();
        REGISTERED.remove(this);
    }
}
