package dev.playlog.warehouse;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.paginators.ListObjectsV2Iterable;

/**
 * A real {@link S3Client} whose next listing leaves one key out, the way s3proxy's filesystem store listed short
 * while it wrote; every other call (HEAD included) goes to the server unchanged.
 */
final class ShortListingS3Client {

    private ShortListingS3Client() {
    }

    static S3Client dropping(S3Client real, String key) {
        AtomicBoolean dropped = new AtomicBoolean();
        S3Client[] self = new S3Client[1];
        self[0] = (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("listObjectsV2Paginator") && args != null
                            && args[0] instanceof ListObjectsV2Request request) {
                        return new ListObjectsV2Iterable(self[0], request);
                    }
                    try {
                        Object result = method.invoke(real, args);
                        if (result instanceof ListObjectsV2Response page && !dropped.get()
                                && page.contents().stream().anyMatch(o -> o.key().equals(key))) {
                            dropped.set(true);
                            return page.toBuilder().contents(page.contents().stream()
                                    .filter(o -> !o.key().equals(key)).toList()).keyCount(page.keyCount() - 1).build();
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return self[0];
    }
}
