package org.safeguardingsignals.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A live-stream client that stops reading after its ready event, as a browser tab on a stalled connection does: a
 * raw connection with a small receive window, so the console's writes to it back up as soon as the kernel's buffers
 * are full. At the end it reads what it was sent, to count the alerts that reached its buffers and to see whether the
 * console had closed it.
 */
final class SlowClient implements AutoCloseable {
    /** What the slow client's connection held when it was finally read. */
    record Drained(int alerts, long bytes, boolean closedByServer) {}

    private static final Pattern ALERT_ID = Pattern.compile("\"alertId\":\"([^\"]+)\"");

    private final Socket socket;

    SlowClient(String consoleUrl, String token) throws IOException {
        URI uri = URI.create(consoleUrl);
        socket = new Socket();
        socket.setReceiveBufferSize(4096); // before connecting, so that the window stays small
        socket.setSoTimeout(60_000);
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
        OutputStream out = socket.getOutputStream();
        // HTTP/1.0: the body ends with the connection, with no chunk framing inside it
        out.write(("GET /api/alerts/stream HTTP/1.0\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                        + "\r\nAuthorization: Bearer " + token + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder seen = new StringBuilder();
        while (seen.indexOf("event: ready") < 0) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the slow client's stream closed before it was ready: " + seen);
            }
            seen.append((char) b);
        }
    }

    /**
     * Reads what was sent to it until it holds every one of {@code wanted} (alert ids), the console closes the
     * connection (end of stream or reset), or nothing more comes for {@code quietMillis}. Counts the wanted alerts
     * it had been sent.
     */
    Drained drain(Set<String> wanted, int quietMillis) throws IOException {
        socket.setSoTimeout(quietMillis);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[65536];
        StringBuilder pending = new StringBuilder();
        Set<String> got = new HashSet<>();
        long bytes = 0;
        boolean closed = false;
        try {
            for (int n; got.size() < wanted.size() && (n = in.read(buffer)) >= 0; ) {
                bytes += n;
                pending.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                int end = pending.lastIndexOf("\n");
                if (end >= 0) {
                    // whole lines only: a read may end in the middle of one
                    pending.substring(0, end)
                            .lines()
                            .filter(l -> l.startsWith("data: "))
                            .map(ALERT_ID::matcher)
                            .filter(Matcher::find)
                            .map(m -> m.group(1))
                            .filter(wanted::contains)
                            .forEach(got::add);
                    pending.delete(0, end + 1);
                }
            }
            closed = got.size() < wanted.size();
        } catch (SocketTimeoutException e) {
            closed = false;
        } catch (IOException e) {
            closed = true; // reset by the console: closed all the same
        }
        return new Drained(got.size(), bytes, closed);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
