package dev.parley.sip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.lang.reflect.Field;
import java.net.InetAddress;
import java.util.Map;

import org.junit.jupiter.api.Test;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.UDPMessageProcessor;

class DatagramSizingProcessorFactoryTest {

    @Test
    void udpProcessorsGetTheirOwnBufferSizeAndStreamsKeepTheStacks() throws Exception {
        SipStackImpl stack = new SipStackImpl(SipSettings.from(TestConfigs.config(Map.of("max.message.size", 65536)))
                .stackProperties("sizing-test"));
        DatagramSizingProcessorFactory factory = new DatagramSizingProcessorFactory(8192, 500, new Counters());

        MessageProcessor udp = factory.createMessageProcessor(stack, InetAddress.getLoopbackAddress(), 0, "udp");
        MessageProcessor tcp = factory.createMessageProcessor(stack, InetAddress.getLoopbackAddress(), 0, "tcp");
        try {
            assertEquals(8192, receiveBufferSize((UDPMessageProcessor) udp));
            assertInstanceOf(DatagramBacklog.class, queue((UDPMessageProcessor) udp));
            assertFalse(tcp instanceof UDPMessageProcessor);
            assertEquals(65536, stack.getMaxMessageSize());
        } finally {
            stack.stop(); // the processors were never started: nothing of theirs to stop
        }
    }

    private static Object queue(UDPMessageProcessor processor) throws ReflectiveOperationException {
        Field queue = UDPMessageProcessor.class.getDeclaredField("messageQueue");
        queue.setAccessible(true);
        return queue.get(processor);
    }

    private static int receiveBufferSize(UDPMessageProcessor processor) throws ReflectiveOperationException {
        Field size = UDPMessageProcessor.class.getDeclaredField("maxMessageSize");
        size.setAccessible(true);
        return size.getInt(processor);
    }
}
