package io.spoabouncer.app.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 requests from a chosen loopback source address (127.0.0.N), as different clients. */
public final class RawHttp {
    private RawHttp() {
    }

    public record Response(int status, String head, String body) {
    }

    public static Response get(String sourceAddress, int port, String path) throws IOException {
        return send(sourceAddress, port, "GET " + path + " HTTP/1.1\r\nHost: example.com\r\nUser-Agent: e2e/1.0\r\nAccept: text/html\r\nConnection: close\r\n\r\n");
    }

    public static Response send(String sourceAddress, int port, String request) throws IOException {
        return send(sourceAddress, port, request, 10_000);
    }

    /** @param timeoutMillis how long to wait for each read of the answer */
    public static Response send(String sourceAddress, int port, String request, int timeoutMillis) throws IOException {
        try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(sourceAddress), 0)) {
            s.setSoTimeout(timeoutMillis);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            String all = buf.toString(StandardCharsets.UTF_8);
            int split = all.indexOf("\r\n\r\n");
            String head = split < 0 ? all : all.substring(0, split);
            String body = split < 0 ? "" : all.substring(split + 4);
            String[] statusLine = head.split("\r\n", 2)[0].split(" ");
            return new Response(Integer.parseInt(statusLine[1]), head, body);
        }
    }
}
