package dev.playlog.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.MultipartPart;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.CopyOptions;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.io.MutableContentMetadata;
import org.jclouds.io.Payload;
import org.jclouds.io.Payloads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps s3proxy's {@code filesystem-nio2} blob store (used by {@link EmbeddedS3Server}) so that a listing never
 * comes back short or fails while uploads run, and a {@code kill -9} during an upload leaves nothing that breaks the
 * next start.
 *
 * <p>Why a wrapper: the store writes each object to {@code <key>-<uuid>} beside its final name, then moves it into
 * place. A listing walks the folder and reads each entry's attributes; when an entry disappears between the two (the
 * temporary file was just moved, or an object deleted) it catches {@code NoSuchFileException} around the whole folder
 * and returns what it had so far, silently dropping the rest. A temporary file that a crash left behind has no
 * checksum attribute, and every listing that meets it answers HTTP 500. Both live inside {@code final} methods of the
 * store, so the fix is around it:
 * <ul>
 * <li>an upload's body is first streamed into a staging folder outside the buckets, and only the local copy into
 * the bucket (milliseconds) runs inside the store;</li>
 * <li>that copy, deletes and multipart completion share a lock that a listing takes exclusively, so a listing never
 * sees a file appear or vanish under it (a fair lock: listings do not starve);</li>
 * <li>{@link #recover(Path, Path)} runs before the server starts: it deletes the store's leftover temporary files
 * ({@code <key>-<uuid>}: the client never got a success for them) and the staging folder's content.</li>
 * </ul>
 * Another backend was not an option here: s3proxy's other local stores are in-memory (transient) or the legacy
 * {@code filesystem} one that lists folders as extra objects, and S3Mock pulls in a second Spring Boot.
 */
final class CrashSafeBlobStore extends ForwardingBlobStore {

    /** How the {@code filesystem-nio2} store names an object while it is being written: {@code <key>-<uuid>}. */
    static final Pattern STORE_TEMPORARY = Pattern.compile(
            ".+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Logger LOG = LoggerFactory.getLogger(CrashSafeBlobStore.class);

    private final Path staging;
    // read side: changes to bucket folders, which may run together; write side: listings, which must see none
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);

    CrashSafeBlobStore(BlobStore delegate, Path staging) {
        super(delegate);
        this.staging = staging;
    }

    /**
     * Removes what an upload interrupted by a crash left: the store's temporary files in every bucket and the staged
     * bodies. Call with the server stopped.
     *
     * @return the files removed, relative to their root
     */
    static List<Path> recover(Path root, Path staging) {
        List<Path> removed = new ArrayList<>();
        try {
            if (Files.isDirectory(staging)) {
                try (Stream<Path> files = Files.list(staging)) {
                    for (Path file : (Iterable<Path>) files::iterator) {
                        Files.deleteIfExists(file);
                        removed.add(staging.relativize(file));
                    }
                }
            }
            if (Files.isDirectory(root)) {
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)
                            .filter(f -> STORE_TEMPORARY.matcher(f.getFileName().toString()).matches())::iterator) {
                        Files.deleteIfExists(file);
                        removed.add(root.relativize(file));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clean up interrupted uploads under " + root, e);
        }
        return removed;
    }

    @Override
    public PageSet<? extends StorageMetadata> list(String container) {
        return locked(lock.writeLock(), () -> super.list(container));
    }

    @Override
    public PageSet<? extends StorageMetadata> list(String container, ListContainerOptions options) {
        return locked(lock.writeLock(), () -> super.list(container, options));
    }

    @Override
    public long countBlobs(String container) {
        return locked(lock.writeLock(), () -> super.countBlobs(container));
    }

    @Override
    public String putBlob(String container, Blob blob) {
        return putBlob(container, blob, PutOptions.NONE);
    }

    @Override
    public String putBlob(String container, Blob blob, PutOptions options) {
        Payload payload = blob.getPayload();
        if (payload == null || blob.getMetadata().getName().endsWith("/")) {
            return locked(lock.readLock(), () -> super.putBlob(container, blob, options));
        }
        Path staged = stage(payload);
        try {
            Payload local = Payloads.newFilePayload(staged.toFile());
            local.setContentMetadata(payload.getContentMetadata());
            blob.setPayload(local);
            return locked(lock.readLock(), () -> super.putBlob(container, blob, options));
        } finally {
            deleteQuietly(staged);
        }
    }

    @Override
    public String copyBlob(String fromContainer, String fromName, String toContainer, String toName,
            CopyOptions options) {
        return locked(lock.readLock(), () -> super.copyBlob(fromContainer, fromName, toContainer, toName, options));
    }

    @Override
    public void removeBlob(String container, String name) {
        locked(lock.readLock(), () -> {
            super.removeBlob(container, name);
            return null;
        });
    }

    @Override
    public void removeBlobs(String container, Iterable<String> names) {
        locked(lock.readLock(), () -> {
            super.removeBlobs(container, names);
            return null;
        });
    }

    @Override
    public void deleteDirectory(String container, String directory) {
        locked(lock.readLock(), () -> {
            super.deleteDirectory(container, directory);
            return null;
        });
    }

    @Override
    public String completeMultipartUpload(MultipartUpload upload, List<MultipartPart> parts) {
        return locked(lock.readLock(), () -> super.completeMultipartUpload(upload, parts));
    }

    /** Streams the body (the slow, network-bound part) to a staging file, outside the lock. */
    private Path stage(Payload payload) {
        Path file = null;
        try {
            Files.createDirectories(staging);
            file = Files.createTempFile(staging, "upload-", ".part");
            try (InputStream in = payload.openStream()) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
            MutableContentMetadata metadata = payload.getContentMetadata();
            Long expected = metadata == null ? null : metadata.getContentLength();
            long received = Files.size(file);
            if (expected != null && expected != received) {
                throw new IOException("upload body ended after " + received + " of " + expected + " bytes");
            }
            return file;
        } catch (IOException e) {
            deleteQuietly(file);
            throw new UncheckedIOException("Cannot receive the upload body: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
    }

    private static <T> T locked(Lock lock, Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete the staged upload {}: {}", file, e.toString());
        }
    }
}
