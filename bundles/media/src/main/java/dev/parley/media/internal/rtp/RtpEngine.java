package dev.parley.media.internal.rtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads of all media, whatever the number of sessions: one receive thread on a selector over every RTP
 * socket, one 20 ms clock that sends every frame (prompts, conference mixes), and one event thread for listeners.
 * That is what lets a couple of cores hold hundreds of recorded calls, where a libjitsi stream costs ~24 threads.
 */
public final class RtpEngine implements AutoCloseable {

    /** Called on the receive thread for each datagram; must not block. */
    public interface Receiver {
        void received(byte[] packet, int length, InetSocketAddress source);
    }

    /** Called on the clock thread every 20 ms; must not block. */
    public interface Ticker {
        void tick();
    }

    public static final int FRAME_MILLIS = 20;
    private static final Logger LOG = LoggerFactory.getLogger(RtpEngine.class);
    private static final int MAX_DATAGRAM = 2048;

    private final Selector selector;
    private final Thread receiveThread;
    private final Queue<Runnable> pendingRegistrations = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService clock;
    private final ExecutorService events;
    private final CopyOnWriteArrayList<Ticker> earlyTickers = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Ticker> tickers = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    public RtpEngine() throws IOException {
        selector = Selector.open();
        receiveThread = new Thread(this::receiveLoop, "parley-media-rtp-in");
        receiveThread.setDaemon(true);
        receiveThread.setPriority(Thread.MAX_PRIORITY);
        clock = Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "parley-media-clock"));
        events = Executors.newSingleThreadExecutor(task -> daemon(task, "parley-media-events"));
        receiveThread.start();
        clock.scheduleAtFixedRate(this::tick, FRAME_MILLIS, FRAME_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Delivers what arrives on {@code channel} to {@code receiver} (null: read and discard, as for RTCP). */
    public void register(DatagramChannel channel, Receiver receiver) {
        pendingRegistrations.add(() -> {
            try {
                channel.register(selector, SelectionKey.OP_READ, receiver);
            } catch (ClosedChannelException e) {
                // the session closed before its socket was registered
            }
        });
        selector.wakeup();
    }

    /** {@code early}: conferences, which prepare the frames that the other tickers (sessions) then send. */
    public void addTicker(Ticker ticker, boolean early) {
        (early ? earlyTickers : tickers).add(ticker);
    }

    public void removeTicker(Ticker ticker) {
        earlyTickers.remove(ticker);
        tickers.remove(ticker);
    }

    /** Runs {@code task} on the event thread, in submission order. */
    public void dispatch(Runnable task) {
        if (running) {
            events.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("A media listener failed", e);
                }
            });
        }
    }

    private void tick() {
        for (Ticker ticker : earlyTickers) {
            runTick(ticker);
        }
        for (Ticker ticker : tickers) {
            runTick(ticker);
        }
    }

    private static void runTick(Ticker ticker) {
        try {
            ticker.tick();
        } catch (RuntimeException e) {
            LOG.warn("Media clock task failed", e);
        }
    }

    private void receiveLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
        byte[] packet = buffer.array();
        while (running) {
            try {
                selector.select();
                for (Runnable registration; (registration = pendingRegistrations.poll()) != null;) {
                    registration.run();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    drain(key, buffer, packet);
                }
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                if (running) {
                    LOG.warn("RTP receive loop", e);
                }
            }
        }
    }

    private static void drain(SelectionKey key, ByteBuffer buffer, byte[] packet) {
        if (!key.isValid()) {
            return;
        }
        DatagramChannel channel = (DatagramChannel) key.channel();
        Receiver receiver = (Receiver) key.attachment();
        try {
            SocketAddress source;
            while ((source = channel.receive(buffer)) != null) {
                int length = buffer.position();
                buffer.clear();
                if (receiver != null) {
                    try {
                        receiver.received(packet, length, (InetSocketAddress) source);
                    } catch (RuntimeException e) {
                        LOG.warn("Dropped an RTP packet from {}", source, e);
                    }
                }
            }
        } catch (IOException e) {
            key.cancel(); // closed under us: the session is gone
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        clock.shutdownNow();
        events.shutdown();
        try {
            receiveThread.join(2000);
            events.awaitTermination(2, TimeUnit.SECONDS);
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.debug("Closing the selector", e);
        }
    }
}
