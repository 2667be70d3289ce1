package io.spoabouncer.app.lifecycle;

import java.util.stream.Stream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spoabouncer.ports.spi.Component;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleTest {
    final List<String> events = new ArrayList<>();

    Component component(String name, boolean failStart) {
        return new Component() {
            @Override
            public void start() throws Exception {
                if (failStart) {
                    throw new java.io.IOException("port in use");
                }
                events.add("start " + name);
            }

            @Override
            public void stop() {
                events.add("stop " + name);
            }

            @Override
            public String describe() {
                return name;
            }
        };
    }

    @Test
    void startsInOrderAndStopsInReverse() {
        Lifecycle l = new Lifecycle(Stream.of(component("a", false), component("b", false), component("c", false)).map(Managed::host).toList());
        l.start();
        l.stop();
        assertEquals(List.of("start a", "start b", "start c", "stop c", "stop b", "stop a"), events);
        l.stop();
        assertEquals(6, events.size(), "a second stop does nothing");
    }

    @Test
    void aFailedStartStopsWhatStartedInReverse_andNamesTheComponent() {
        Lifecycle l = new Lifecycle(Stream.of(component("a", false), component("b", false), component("listener", true), component("d", false)).map(Managed::host).toList());
        StartupException e = assertThrows(StartupException.class, l::start);
        assertTrue(e.getMessage().equals("cannot start listener: port in use"), e.getMessage());
        assertEquals(List.of("start a", "start b", "stop b", "stop a"), events);
    }
}
