package dev.playlog.warehouse;

import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.FluentProducerTemplate;

/**
 * Runs one SQL statement through camel-jdbc ({@code jdbc:<dataSourceBean>}) and answers its rows, so Snowflake's
 * refresh goes through a Camel endpoint (visible in Hawtio, with Camel's JDBC handling) while the warehouse-refresh
 * route keeps calling the same bean method for every warehouse. Callers hold the warehouse lock.
 */
public class CamelJdbc implements AutoCloseable {

    private final FluentProducerTemplate template;
    private final String uri;

    public CamelJdbc(CamelContext camel, String dataSourceBean) {
        this.template = camel.createFluentProducerTemplate();
        // autocommit stays on: Snowflake DDL commits by itself and the refresh is not transactional
        this.uri = "jdbc:" + dataSourceBean + "?outputType=SelectList&resetAutoCommit=false";
    }

    public String uri() {
        return uri;
    }

    /** The statement's rows, each a column-label to value map; empty for statements without a result set. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> query(String sql) {
        try {
            Object body = template.to(uri).withBody(sql).request();
            return body instanceof List<?> rows ? (List<Map<String, Object>>) rows : List.of();
        } catch (CamelExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    @Override
    public void close() throws Exception {
        template.close();
    }
}
