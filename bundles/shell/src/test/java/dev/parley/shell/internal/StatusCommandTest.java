package dev.parley.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

import dev.parley.api.server.ListeningPoint;

class StatusCommandTest {

    private final Console console = new Console();
    private final StatusCommand command = new StatusCommand();

    @Test
    void showsDomainsWithTheDefaultMarkedThenListeningPointsThenCounters() throws CommandException {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("requests.received", 1234L);
        counters.put("responses.sent.4xx", 56L);
        command.server = new FakeServerInfo(List.of("example.org", "example.com"),
                List.of(new ListeningPoint("udp", "0.0.0.0", 5060), new ListeningPoint("ws", "127.0.0.1", 8088)),
                counters);

        console.run(command);

        List<String> lines = console.output().lines().toList();
        assertEquals(List.of("Domains", "  example.org (default)", "  example.com", "", "Listening points"),
                lines.subList(0, 5));
        assertEquals(List.of(
                List.of("Transport", "Host", "Port"),
                List.of("udp", "0.0.0.0", "5060"),
                List.of("ws", "127.0.0.1", "8088"),
                List.of("Name", "Value"),
                List.of("requests.received", "1234"),
                List.of("responses.sent.4xx", "56")),
                console.tableRows());
        assertTrue(lines.get(lines.indexOf("Counters") + 1).startsWith("Name"));
    }

    @Test
    void saysNoneForEmptyListeningPointsAndCounters() throws CommandException {
        command.server = new FakeServerInfo(List.of("example.org"), List.of(), Map.of());

        console.run(command);

        List<String> lines = console.output().lines().map(String::strip).toList();
        assertEquals(List.of("Domains", "example.org (default)", "", "Listening points"), lines.subList(0, 4));
        assertEquals(2, lines.stream().filter("None"::equals).count());
    }
}
