package io.spoabouncer.adapter.spoe.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.spoabouncer.adapter.spoe.testing.Hex;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every vector of research/spop.md §2, both ways. */
class VarintTest {
    @ParameterizedTest
    @CsvSource({
        "0, 00", "127, 7f", "128, 80", "239, ef", "240, f000", "241, f100", "255, ff00", "256, f001",
        "1000, f82f", "2287, ff7f", "2288, f08000", "2289, f18000", "4660, f49401", "16380, fcf006",
        "16384, f0f106", "65535, fff01e", "264431, ffff7f", "264432, f0808000", "33818863, ffffff7f",
        "33818864, f080808000", "123456789, f5c2f8d502", "4294967295, fff0fefe7e", "4294967296, f0f1fefe7e",
        "4328786159, ffffffff7f", "4328786160, f08080808000", "9223372036854775807, fff0fefefefefefefe06",
        "-1, fff0fefefefefefefe0e", "249011, f3bc78", "40172, fcbf12",
    })
    void encodesAndDecodesTheGoldenVectors(long value, String hex) {
        ByteBuf out = Unpooled.buffer();
        Varint.write(out, value);
        assertEquals(hex, Hex.of(out));
        assertEquals(hex.length() / 2, Varint.size(value));
        byte[] arr = new byte[10];
        assertEquals(hex.length() / 2, Varint.write(arr, 0, value));
        assertEquals(value, Varint.read(out));
        assertEquals(0, out.readableBytes());
        out.release();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "f0", "ff80", "fff0fefefefefefefefe", "fff0fefefefefefefefe00"})
    void rejectsTruncatedOrOverlongVarints(String hex) {
        ByteBuf in = Hex.buf(hex);
        SpopException e = assertThrows(SpopException.class, () -> Varint.read(in));
        assertEquals(SpopStatus.INVALID_FRAME, e.status());
        in.release();
    }
}
