package io.spoabouncer.app.contract;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spoabouncer.app.testing.Examples;
import io.spoabouncer.domain.request.TxnVar;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The shipped SPOE file registers every variable the agent can set (HAProxy 2.6 drops unregistered names). */
class SpoeFileContractTest {
    @Test
    void everyVariableIsRegistered() throws Exception {
        Set<String> registered = Examples.read("haproxy/crowdsec.cfg").lines().map(String::trim)
                .filter(l -> l.startsWith("register-var-names"))
                .flatMap(l -> Arrays.stream(l.substring("register-var-names".length()).trim().split("\\s+")))
                .collect(Collectors.toSet());
        List<String> names = new java.util.ArrayList<>(List.of("remediation", "isocode", "redirect"));
        Arrays.stream(TxnVar.ALL).map(TxnVar::haproxyName).forEach(names::add);
        for (String name : names) {
            assertTrue(registered.contains(name), "crowdsec.cfg does not register " + name + " (registered: " + registered + ")");
        }
    }
}
