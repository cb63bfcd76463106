package dev.parley.sip.internal;

import java.net.DatagramPacket;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;

/**
 * The queue between the RI's UDP receive thread and its workers, replacing the RI's unbounded one.
 * <ul>
 * <li>A queued datagram keeps only its bytes: the RI receives each into a fresh buffer of the full UDP message size
 * (16 KiB) and queues that buffer; a backlog of 30,000 such buffers (seen in a heap histogram under overload) is
 * half a gigabyte that every young collection copies.</li>
 * <li>While the oldest queued datagram has waited longer than the limit, new ones are refused. A request that waited
 * T1 (500 ms) has already been retransmitted by its UDP client, so working on it only makes the overload worse:
 * without this, throughput collapsed one step above the clean rate in every benchmark. Refusing the newest rather
 * than the oldest needs no race with the workers taking from the head.</li>
 * </ul>
 */
final class DatagramBacklog extends LinkedBlockingQueue<DatagramQueuedMessageDispatch> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DatagramBacklog.class);
    private static final long WARN_INTERVAL_MILLIS = 10_000;

    private final long maxDelayMillis;
    private final transient Counters counters;
    private final LongAdder refusedSinceWarning = new LongAdder();
    private final AtomicLong nextWarning = new AtomicLong();

    /** @param maxDelayMillis queueing delay above which new datagrams are refused; 0 or less never refuses */
    DatagramBacklog(long maxDelayMillis, Counters counters) {
        this.maxDelayMillis = maxDelayMillis;
        this.counters = counters;
    }

    @Override
    public boolean offer(DatagramQueuedMessageDispatch dispatch) {
        long receivedAt = dispatch.getReceptionTime();
        if (isCongested(receivedAt)) {
            refused(receivedAt);
            return false;
        }
        DatagramPacket packet = dispatch.packet;
        int offset = packet.getOffset();
        packet.setData(Arrays.copyOfRange(packet.getData(), offset, offset + packet.getLength()));
        return super.offer(dispatch);
    }

    private boolean isCongested(long now) {
        if (maxDelayMillis <= 0) {
            return false;
        }
        DatagramQueuedMessageDispatch oldest = peek();
        return oldest != null && now - oldest.getReceptionTime() > maxDelayMillis;
    }

    private void refused(long now) {
        counters.increment(Counters.DATAGRAMS_REFUSED);
        refusedSinceWarning.increment();
        long due = nextWarning.get();
        if (now >= due && nextWarning.compareAndSet(due, now + WARN_INTERVAL_MILLIS)) {
            LOG.warn("Overload: {} UDP datagrams refused since the last warning (the oldest waiting one is over {} ms "
                    + "old); clients will retransmit", refusedSinceWarning.sumThenReset(), maxDelayMillis);
        }
    }
}
