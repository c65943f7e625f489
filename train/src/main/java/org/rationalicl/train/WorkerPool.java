// A fixed set of worker threads that run one job at a time, worker i on slice i; the calling thread is worker 0.
// Hand-off with park/unpark and an atomic counter, so dispatching a job allocates nothing.
package org.rationalicl.train;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

final class WorkerPool implements AutoCloseable {

    /** The work of one dispatch; {@code worker} is in [0, size). */
    interface Job {
        void run(int worker);
    }

    private static final int SPINS = 2000;

    private final int size;
    private final Thread[] threads;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Job job;
    private volatile int generation;
    private volatile Thread caller;
    private volatile boolean closed;
    private volatile Throwable failure;

    WorkerPool(int size) {
        if (size < 1) throw new IllegalArgumentException("threads = " + size + " must be >= 1");
        this.size = size;
        threads = new Thread[size - 1];
        for (int i = 1; i < size; i++) {
            final int worker = i;
            Thread t = new Thread(() -> loop(worker), "icl-train-worker-" + i);
            t.setDaemon(true);
            threads[i - 1] = t;
            t.start();
        }
    }

    int size() {
        return size;
    }

    /** Runs job on every worker and returns when all are done; rethrows the first failure. */
    void run(Job work) {
        if (closed) throw new IllegalStateException("worker pool is closed");
        failure = null;
        if (size == 1) {
            work.run(0);
            return;
        }
        caller = Thread.currentThread();
        job = work;
        pending.set(size - 1);
        generation = generation + 1; // the volatile write publishes job and pending
        for (Thread t : threads) LockSupport.unpark(t);
        try {
            work.run(0);
        } catch (Throwable e) {
            failure = e;
        }
        int spins = 0;
        while (pending.get() > 0) {
            if (spins++ < SPINS) Thread.onSpinWait();
            else LockSupport.park(this);
        }
        job = null;
        Throwable f = failure;
        if (f instanceof RuntimeException r) throw r;
        if (f instanceof Error e) throw e;
        if (f != null) throw new IllegalStateException("training worker failed", f);
    }

    private void loop(int worker) {
        int seen = 0;
        while (true) {
            int spins = 0;
            int g;
            while ((g = generation) == seen && !closed) {
                if (spins++ < SPINS) Thread.onSpinWait();
                else LockSupport.park(this);
            }
            if (closed) return;
            seen = g;
            try {
                job.run(worker);
            } catch (Throwable e) {
                failure = e;
            }
            if (pending.decrementAndGet() == 0) LockSupport.unpark(caller);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread t : threads) LockSupport.unpark(t);
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
