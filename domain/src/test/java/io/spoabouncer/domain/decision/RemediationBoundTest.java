package io.spoabouncer.domain.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A feed sending endless distinct decision types cannot grow the type table without bound. The table is
 * the JVM's, so this class runs last (junit-platform.properties orders classes by {@code @Order}).
 */
@Order(Integer.MAX_VALUE)
class RemediationBoundTest {
    @Test
    void distinctTypesAreBounded_andTheRestAreUnknown() {
        Remediation mfa = Remediation.of("mfa");
        for (int i = 0; i < 10_000; i++) {
            Remediation r = Remediation.of("flood-type-" + i);
            assertEquals(1, r.rank());
            assertSame(Remediation.UNKNOWN, r.asHaproxyValue());
        }
        assertTrue(Remediation.otherTypes() <= Remediation.MAX_OTHER_TYPES + 2, "held " + Remediation.otherTypes());
        assertTrue(Remediation.typesOverLimit() >= 10_000 - Remediation.MAX_OTHER_TYPES);
        assertSame(mfa, Remediation.of("MFA"), "a type held before the bound keeps its identity");
        assertSame(Remediation.BAN, Remediation.of("ban"));
        assertSame(Remediation.UNKNOWN, Remediation.of("flood-type-9999"));
    }
}
