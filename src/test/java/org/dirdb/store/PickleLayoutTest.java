package org.dirdb.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Pickle streams exactly as CPython 3.11 writes them (captured with {@code pickle.dumps}), and where
 * the payload is found in each.
 */
class PickleLayoutTest {
    private static PickleLayout.Slice parse(byte[] file) {
        byte[] head = Arrays.copyOf(file, Math.min(file.length, PickleLayout.HEAD_BYTES));
        byte[] tail = Arrays.copyOfRange(file, Math.max(0, file.length - PickleLayout.TAIL_BYTES), file.length);
        return PickleLayout.parse(head, tail, file.length);
    }

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    private static byte[] withPayload(String headerHex, int n, String trailerHex) {
        byte[] header = hex(headerHex);
        byte[] trailer = hex(trailerHex);
        byte[] out = new byte[header.length + n + trailer.length];
        System.arraycopy(header, 0, out, 0, header.length);
        Arrays.fill(out, header.length, header.length + n, (byte) 'x');
        System.arraycopy(trailer, 0, out, header.length + n, trailer.length);
        return out;
    }

    @Test
    void protocol4SmallBytesIsFramedAndMemoized() {
        byte[] file = hex("800495090000000000000043057878787878942e");
        assertEquals(new PickleLayout.Slice(Payload.Format.BYTES, 13, 5), parse(file));
    }

    @Test
    void protocol4LargeBytesIsUnframed() {
        byte[] file = withPayload("800442" + "70110100", 70000, "942e");
        assertEquals(new PickleLayout.Slice(Payload.Format.BYTES, 7, 70000), parse(file));
    }

    @Test
    void protocol3BytesUsesBinputAndProtocol5BytearrayUsesBytearray8() {
        assertEquals(new PickleLayout.Slice(Payload.Format.BYTES, 4, 5),
                parse(hex("80034305787878787871002e")));
        byte[] p5 = withPayload("800596" + "7011010000000000", 70000, "942e");
        assertEquals(new PickleLayout.Slice(Payload.Format.BYTES, 11, 70000), parse(p5));
    }

    @Test
    void emptyBytesIsAnEmptyPayload() {
        assertEquals(new PickleLayout.Slice(Payload.Format.BYTES, 13, 0),
                parse(hex("80049504000000000000004300942e")));
    }

    @Test
    void theStoresOwnHeaderParsesBack() {
        byte[] file = new byte[11 + 3 + 1];
        PickleLayout.header(3).get(file, 0, 11);
        file[14] = '.';
        assertEquals(new PickleLayout.Slice(Payload.Format.BYTES, 11, 3), parse(file));
    }

    @Test
    void otherObjectsAreServedAsTheWholePickle() {
        // pickle.dumps({"a": 1}, protocol=4)
        byte[] dict = hex("80049509000000000000007d948c0161944b01732e");
        assertEquals(new PickleLayout.Slice(Payload.Format.PICKLE, 0, dict.length), parse(dict));
        // pickle.dumps((b"ab", 1), protocol=4): a bytes object followed by more
        byte[] tuple = hex("8004950b000000000000004302616294 4b0186942e".replace(" ", ""));
        assertEquals(Payload.Format.PICKLE, parse(tuple).format());
        // protocol 2 bytes goes through _codecs.encode: a general pickle
        byte[] p2 = hex("8002635f5f6275696c74696e5f5f0a62797465730a7100295271012e");
        assertEquals(Payload.Format.PICKLE, parse(p2).format());
    }

    @Test
    void truncatedAndForeignFilesAreNotPickles() {
        byte[] whole = withPayload("800442" + "70110100", 70000, "942e");
        assertNull(parse(Arrays.copyOf(whole, 50_000)), "truncated: no STOP at the end");
        byte[] cutButEndsInStop = Arrays.copyOf(whole, 50_000);
        cutButEndsInStop[cutButEndsInStop.length - 1] = '.';
        assertNull(parse(cutButEndsInStop), "header promises more bytes than the file has");
        assertNull(parse(new byte[0]));
        assertNull(parse("hello world".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertNull(parse(hex("89504e470d0a1a0a2e")), "a PNG that happens to end in '.'");
    }
}
