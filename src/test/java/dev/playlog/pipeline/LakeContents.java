package dev.playlog.pipeline;

import dev.playlog.lake.LakeProperties;
import dev.playlog.lake.S3ClientConfiguration;
import dev.playlog.lake.S3Properties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ApplicationContext;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Reads the lake back over S3 with a Parquet reader (DuckDB's), independent of the warehouse's mirror. */
record LakeContents(List<String> keys, List<Row> rows) {

    record Row(String key, String eventId, String userId, int partition, long offset) {
    }

    static LakeContents read(ApplicationContext context, Path scratch) {
        S3Client s3 = context.getBean(S3ClientConfiguration.CLIENT_BEAN, S3Client.class);
        String bucket = context.getBean(S3Properties.class).bucket();
        String prefix = context.getBean(LakeProperties.class).listensPrefix();
        List<String> keys = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            Files.createDirectories(scratch);
            for (S3Object object : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build())
                    .contents()) {
                keys.add(object.key());
                Path file = Files.createTempFile(scratch, "lake-", ".parquet");
                Files.write(file, s3.getObject(GetObjectRequest.builder().bucket(bucket).key(object.key()).build(),
                        ResponseTransformer.toBytes()).asByteArray());
                try (ResultSet rs = st.executeQuery("SELECT event_id, user_id, kafka_partition, kafka_offset FROM read_parquet('"
                        + file + "')")) {
                    while (rs.next()) {
                        rows.add(new Row(object.key(), rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4)));
                    }
                }
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new LakeContents(keys, rows);
    }
}
