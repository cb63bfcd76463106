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
            setField(udp, "maxMessageSize", datagramBytes, "UDP receive buffers keep the stack's max.message.size");
            setField(udp, "messageQueue", new DatagramBacklog(maxQueueDelayMillis, counters),
                    "UDP datagrams queue unbounded and untrimmed");
        }
        return processor;
    }

    /** Sets a private field of the RI's processor; an RI without it keeps its own behaviour, said in the log. */
    private static void setField(UDPMessageProcessor processor, String name, Object value, String consequence) {
        try {
            Field field = UDPMessageProcessor.class.getDeclaredField(name);
            field.setAccessible(true);
            field.set(processor, value);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("{}: this jain-sip RI has no UDPMessageProcessor.{} to set ({})", consequence, name, e.toString());
        }
    }
}
