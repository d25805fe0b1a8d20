package org.safeguardingsignals.connect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeSet;

/**
 * One dropped file as the task reads it. Its source partition names the file by name, size and modification time,
 * so a new file dropped later under the same name is read afresh, while the same file read again after a restart
 * resumes after its last published line.
 *
 * <p>Besides Connect's offsets (flushed every offset.flush.interval.ms, and not always on shutdown), the task keeps
 * its own record of the last line up to which the broker has acknowledged every row, in a progress file beside the
 * drop. A restart resumes after the later of the two, so rows are not sent twice after a clean stop, and at most a
 * moment's rows after a crash (those carry the same content-derived event ids, which the pipeline counts once).
 */
final class DroppedFile {
    static final String FILE = "file";
    static final String SIZE = "size";
    static final String MODIFIED = "modified";
    static final String LINE = "line";

    final Path path;
    final Map<String, Object> partition;
    final Path progressFile;
    /** Lines handed to the worker and not yet acknowledged by the broker. */
    private final TreeSet<Long> unacknowledged = new TreeSet<>();

    private long lastHandedOut;
    private long lastSaved;
    private boolean fullyRead;
    /** Why the file could not be read to its end, or null. */
    private String unreadable;

    DroppedFile(Path path, Path progressDirectory) throws IOException {
        this.path = path;
        long size = Files.size(path);
        long modified = Files.getLastModifiedTime(path).toMillis();
        this.partition = Map.of(FILE, path.getFileName().toString(), SIZE, size, MODIFIED, modified);
        this.progressFile = progressDirectory.resolve(path.getFileName() + "." + size + "." + modified + ".line");
    }

    String name() {
        return path.getFileName().toString();
    }

    Map<String, Object> offset(long line) {
        return Map.of(LINE, line);
    }

    /** The line after which to resume: the later of Connect's stored offset and our own progress file. */
    long resumeAfter(Map<String, Object> storedOffset) throws IOException {
        long fromConnect = storedOffset == null ? 0 : ((Number) storedOffset.get(LINE)).longValue();
        long fromProgress = Files.exists(progressFile)
                ? Long.parseLong(Files.readString(progressFile).strip())
                : 0;
        lastHandedOut = Math.max(fromConnect, fromProgress);
        lastSaved = lastHandedOut;
        return lastHandedOut;
    }

    synchronized void handedOut(long line) {
        unacknowledged.add(line);
        lastHandedOut = line;
    }

    synchronized void acknowledged(long line) {
        unacknowledged.remove(line);
    }

    synchronized void fullyRead() {
        fullyRead = true;
    }

    /** Reading stopped at a row the file cannot be read past; the file goes to failed/ once its rows are sent. */
    synchronized void unreadable(String why) {
        unreadable = why;
        fullyRead = true;
    }

    /** Why reading stopped early, or null when the file was read to its end. */
    synchronized String unreadableReason() {
        return unreadable;
    }

    synchronized boolean done() {
        return fullyRead && unacknowledged.isEmpty();
    }

    /** Every line up to this one has been acknowledged. */
    synchronized long acknowledgedUpTo() {
        return unacknowledged.isEmpty() ? lastHandedOut : unacknowledged.first() - 1;
    }

    /** Writes the acknowledged line to the progress file when it has moved on. */
    synchronized void saveProgress() throws IOException {
        long upTo = acknowledgedUpTo();
        if (upTo > lastSaved) {
            Path tmp = progressFile.resolveSibling(progressFile.getFileName() + ".tmp");
            Files.writeString(tmp, Long.toString(upTo));
            Files.move(tmp, progressFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            lastSaved = upTo;
        }
    }

    void forgetProgress() throws IOException {
        Files.deleteIfExists(progressFile);
    }
}
