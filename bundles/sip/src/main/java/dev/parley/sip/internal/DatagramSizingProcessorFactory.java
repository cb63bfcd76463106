package dev.parley.sip.internal;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.NioMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageProcessor;

/**
 * The RI's NIO message processors, with the UDP receive path made fit for load. The RI allocates a fresh buffer of
 * the stack's MAX_MESSAGE_SIZE for every datagram it receives and queues it until a worker parses it: with the
 * 64 KiB that stream transports need for WebRTC offers, that is 0.5 GB/s of garbage at 4,000 authenticated REGISTERs/s,
 * and a backlog of such buffers is what drives the collector into long pauses. So the UDP buffer gets its own size,
 * and the queue is replaced by a {@link DatagramBacklog} that trims each datagram and sheds load by age. The RI has
 * no setting for either: the processor's fields are set before it starts its receive thread.
 */
final class DatagramSizingProcessorFactory extends NioMessageProcessorFactory {
    private static final Logger LOG = LoggerFactory.getLogger(DatagramSizingProcessorFactory.class);

    private final int datagramBytes;
    private final long maxQueueDelayMillis;
    private final Counters counters;

    DatagramSizingProcessorFactory(int datagramBytes, long maxQueueDelayMillis, Counters counters) {
        this.datagramBytes = datagramBytes;
        this.maxQueueDelayMillis = maxQueueDelayMillis;
        this.counters = counters;
    }

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack sipStack, InetAddress ipAddress, int port,
            String transport) throws IOException {
        MessageProcessor processor = super.createMessageProcessor(sipStack, ipAddress, port, transport);
        if (processor instanceof UDPMessageProcessor udp) {
            setReceiveBufferSize(udp, datagramBytes);
            setQueue(udp, new DatagramBacklog(maxQueueDelayMillis, counters));
        }
        return processor;
    }

    static void setQueue(UDPMessageProcessor processor, DatagramBacklog queue) {
        try {
            Field field = UDPMessageProcessor.class.getDeclaredField("messageQueue");
            field.setAccessible(true);
            field.set(processor, queue);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("UDP datagrams queue unbounded and untrimmed: this jain-sip RI has no "
                    + "UDPMessageProcessor.messageQueue to set ({})", e.toString());
        }
    }

    static void setReceiveBufferSize(UDPMessageProcessor processor, int bytes) {
        try {
            Field size = UDPMessageProcessor.class.getDeclaredField("maxMessageSize");
            size.setAccessible(true);
            size.setInt(processor, bytes);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("UDP receive buffers keep the stack's max.message.size: this jain-sip RI has no "
                    + "UDPMessageProcessor.maxMessageSize to set ({})", e.toString());
        }
    }
}
