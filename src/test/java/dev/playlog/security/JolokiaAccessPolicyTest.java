package dev.playlog.security;

import static org.assertj.core.api.Assertions.assertThat;

import javax.management.ObjectName;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;
import org.junit.jupiter.api.Test;

/** The shipped {@code jolokia-access.xml} allows what Hawtio's views need and nothing that writes or escalates. */
class JolokiaAccessPolicyTest {

    private final JolokiaAccessPolicy policy = new JolokiaAccessPolicy();

    @Test
    void onlyPostReachesJolokiaSoALinkOrImageCannotRunAnOperation() {
        assertThat(policy.isHttpMethodAllowed(HttpMethod.POST)).isTrue();
        assertThat(policy.isHttpMethodAllowed(HttpMethod.GET)).isFalse();
    }

    @Test
    void hawtiosCamelViewsCanStartStopAndInspectRoutes() throws Exception {
        ObjectName route = new ObjectName("org.apache.camel:context=playlog,type=routes,name=\"lake-write\"");
        // as Jolokia hands them over: with the signature the client wrote, or a bare name
        for (String operation : new String[] {"start()", "stop()", "stop(long)", "stop", "suspend()", "resume()",
                "dumpRouteAsXml(boolean)", "dumpRouteStatsAsXml(boolean,boolean)"}) {
            assertThat(policy.isOperationAllowed(route, operation)).as(operation).isTrue();
        }
        ObjectName context = new ObjectName("org.apache.camel:context=playlog,type=context,name=\"playlog\"");
        assertThat(policy.isOperationAllowed(context, "dumpRoutesAsXml()")).isTrue();
        assertThat(policy.isOperationAllowed(route, "updateRouteFromXml(java.lang.String)")).isFalse();
        assertThat(policy.isOperationAllowed(route, "stopAndRemove()")).as("a name that only starts alike").isFalse();
        assertThat(policy.isAttributeReadAllowed(context, "State")).isTrue();
        ObjectName tracer = new ObjectName("org.apache.camel:context=playlog,type=tracer,name=BacklogTracer");
        assertThat(policy.isAttributeWriteAllowed(tracer, "Enabled")).isTrue();
        assertThat(policy.isOperationAllowed(new ObjectName("quartz:type=QuartzScheduler,name=x,instance=y"), "pauseAllTriggers()")).isTrue();
        assertThat(policy.isOperationAllowed(new ObjectName("hawtio:type=security,name=RBACRegistry"), "list")).isTrue();
    }

    @Test
    void theJvmViewCanReadAndCollectButNotDumpOrWrite() throws Exception {
        ObjectName memory = new ObjectName("java.lang:type=Memory");
        assertThat(policy.isAttributeReadAllowed(memory, "HeapMemoryUsage")).isTrue();
        assertThat(policy.isOperationAllowed(memory, "gc()")).isTrue();
        assertThat(policy.isOperationAllowed(memory, "gc")).isTrue();
        assertThat(policy.isAttributeWriteAllowed(memory, "Verbose")).isFalse();
        assertThat(policy.isOperationAllowed(new ObjectName("java.lang:type=Threading"), "dumpAllThreads(boolean,boolean)")).isTrue();
        assertThat(policy.isAttributeReadAllowed(new ObjectName("java.lang:type=Runtime"), "Uptime")).isTrue();
        assertThat(policy.isAttributeReadAllowed(new ObjectName("java.lang:type=Runtime"), "InputArguments")).isFalse();
        assertThat(policy.isAttributeReadAllowed(new ObjectName("java.lang:type=Runtime"), "SystemProperties")).isFalse();
    }

    @Test
    void camelSendRequestAndRouteAddingAreDenied() throws Exception {
        ObjectName context = new ObjectName("org.apache.camel:context=playlog,type=context,name=\"playlog\"");
        for (String operation : new String[] {"sendBody(java.lang.String,java.lang.Object)", "sendBody",
                "sendStringBody(java.lang.String,java.lang.String)", "sendBodyAndHeaders(java.lang.String,java.lang.Object,java.util.Map)",
                "requestBody(java.lang.String,java.lang.Object)", "requestStringBody(java.lang.String,java.lang.String)",
                "requestBodyAndHeaders(java.lang.String,java.lang.Object,java.util.Map)",
                "addOrUpdateRoutesFromXml(java.lang.String)", "createEndpoint(java.lang.String)", "removeEndpoints(java.lang.String)"}) {
            assertThat(policy.isOperationAllowed(context, operation)).as(operation).isFalse();
        }
    }

    @Test
    void diagnosticsFlightRecordingAndMBeanRegistrationAreDenied() throws Exception {
        assertThat(policy.isOperationAllowed(new ObjectName("com.sun.management:type=DiagnosticCommand"), "jvmtiAgentLoad([Ljava.lang.String;)")).isFalse();
        assertThat(policy.isOperationAllowed(new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmLog")).isFalse();
        assertThat(policy.isOperationAllowed(new ObjectName("com.sun.management:type=HotSpotDiagnostic"), "dumpHeap(java.lang.String,boolean)")).isFalse();
        assertThat(policy.isAttributeWriteAllowed(new ObjectName("com.sun.management:type=HotSpotDiagnostic"), "x")).isFalse();
        assertThat(policy.isOperationAllowed(new ObjectName("jdk.management.jfr:type=FlightRecorder"), "startRecording")).isFalse();
        assertThat(policy.isOperationAllowed(new ObjectName("JMImplementation:type=MBeanServerDelegate"), "registerMBean")).isFalse();
        // anything not on the allow list: no operation, no write
        assertThat(policy.isOperationAllowed(new ObjectName("org.springframework.boot:type=Admin,name=SpringApplication"), "shutdown()")).isFalse();
        assertThat(policy.isOperationAllowed(new ObjectName("java.util.logging:type=Logging"), "setLoggerLevel")).isFalse();
        assertThat(policy.isTypeAllowed(RequestType.EXEC)).isFalse();
        assertThat(policy.isTypeAllowed(RequestType.WRITE)).isFalse();
        assertThat(policy.isTypeAllowed(RequestType.READ)).isTrue();
    }

    @Test
    void neverAddsCorsHeadersButLeavesTheOriginCheckToTheFilterChain() {
        assertThat(policy.isOriginAllowed("http://evil.example", false)).isFalse();
        assertThat(policy.isOriginAllowed("http://127.0.0.1:8080", false)).isFalse();
        assertThat(policy.isOriginAllowed("http://127.0.0.1:8080", true)).isTrue();
    }
}
