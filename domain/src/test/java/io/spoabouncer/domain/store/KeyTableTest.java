package io.spoabouncer.domain.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyTableTest {
    @Test
    void behavesLikeAMapUnderRandomInsertsAndDeletes_andCopiesAreIndependent() {
        Decision[] marker = {new DecisionFactory().create("Ip", "1.1.1.1", "ban", "", "", 1, "s")};
        KeyTable table = new KeyTable();
        Map<Long, Decision[]> model = new HashMap<>();
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            long key = random.nextInt(5000);
            if (random.nextInt(3) == 0) {
                table.put(7, key, null);
                model.remove(key);
            } else {
                Decision[] v = new Decision[] {marker[0]};
                table.put(7, key, v);
                model.put(key, v);
            }
        }
        assertEquals(model.size(), table.size());
        for (long key = 0; key < 5000; key++) {
            Decision[] expected = model.get(key);
            assertSame(expected == null ? null : expected[0], table.get(7, key), "key " + key);
        }
        KeyTable copy = table.copy();
        copy.put(7, 100_000, marker);
        assertNull(table.get(7, 100_000));
        assertSame(marker[0], copy.get(7, 100_000));
    }
}
