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
 * The RI's NIO message processors, with the UDP receive buffer sized on its own. The RI allocates a fresh buffer of
 * the stack's MAX_MESSAGE_SIZE for every datagram it receives and queues it until a worker parses it: with the
 * 64 KiB that stream transports need for WebRTC offers, that is 0.5 GB/s of garbage at 4,000 authenticated REGISTERs/s,
 * and a backlog of such buffers is what drives the collector into long pauses. The RI has no setting for this, so
 * the processor's private field is set before the processor starts its receive thread.
 */
final class DatagramSizingProcessorFactory extends NioMessageProcessorFactory {
    private static final Logger LOG = LoggerFactory.getLogger(DatagramSizingProcessorFactory.class);

    private final int datagramBytes;

    DatagramSizingProcessorFactory(int datagramBytes) {
        this.datagramBytes = datagramBytes;
    }

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack sipStack, InetAddress ipAddress, int port,
            String transport) throws IOException {
        MessageProcessor processor = super.createMessageProcessor(sipStack, ipAddress, port, transport);
        if (processor instanceof UDPMessageProcessor udp) {
            setReceiveBufferSize(udp, datagramBytes);
        }
        return processor;
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
