package org.senpacs.storage;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Walks a storage root lazily, depth first, yielding the key of every regular file. Skips names
 * starting with '.' (the incoming folder), names that are not valid keys, and symbolic links;
 * tolerates directories removed while it walks (a concurrent delete prunes them).
 */
final class KeyWalker implements Iterator<String>, AutoCloseable {

    private record Level(DirectoryStream<Path> stream, Iterator<Path> entries, String prefix) {
    }

    private final Deque<Level> levels = new ArrayDeque<>();
    private String next;

    KeyWalker(Path root) throws IOException {
        levels.push(open(root, ""));
    }

    @Override
    public boolean hasNext() {
        while (next == null && !levels.isEmpty()) {
            Level level = levels.peek();
            Path entry;
            try {
                if (!level.entries.hasNext()) {
                    pop();
                    continue;
                }
                entry = level.entries.next();
            } catch (DirectoryIteratorException e) {
                if (!FileSystemStorage.isMissing(e.getCause())) throw new UncheckedIOException(e.getCause());
                pop();
                continue;
            }
            String name = entry.getFileName().toString();
            String key = level.prefix + name;
            if (name.startsWith(".") || !ObjectKeys.isValidKey(key)) continue;
            try {
                BasicFileAttributes a = Files.readAttributes(entry, BasicFileAttributes.class, NOFOLLOW_LINKS);
                if (a.isDirectory()) levels.push(open(entry, key + "/"));
                else if (a.isRegularFile()) next = key;
            } catch (IOException e) {
                if (!FileSystemStorage.isMissing(e)) throw new UncheckedIOException(e);
            }
        }
        return next != null;
    }

    @Override
    public String next() {
        if (!hasNext()) throw new NoSuchElementException();
        String key = next;
        next = null;
        return key;
    }

    @Override
    public void close() {
        while (!levels.isEmpty()) pop();
    }

    private static Level open(Path dir, String prefix) throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(dir);
        return new Level(stream, stream.iterator(), prefix);
    }

    private void pop() {
        FileSystemStorage.closeQuietly(levels.pop().stream);
    }
}
