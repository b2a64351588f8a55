package cn.hotline.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts every server through the same code as {@code devstack servers}, proves each one works for real, then (last
 * test) stops them and proves nothing is left: no process, no open port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackIT {

    private LocalStack stack;
    private StackEndpoints endpoints;
    private Set<Long> descendantsBefore;

    @BeforeAll
    void startStack(@TempDir Path runDir) {
        descendantsBefore = ownDescendants();
        stack = LocalStack.create(runDir.resolve("run"), List.of("preset-bucket"))
                .start();
        endpoints = stack.endpoints();
    }

    @AfterAll
    void stopStackIfATestFailedEarly() {
        stack.close();
    }

    @Test
    void postgresHasTheServiceRolesAndDatabases() throws SQLException {
        try (Connection superuser = DriverManager.getConnection(
                        endpoints.jdbcUrl("postgres"), endpoints.pgSuperuser(), endpoints.pgSuperpassword());
                Statement sql = superuser.createStatement()) {
            ResultSet roles = sql.executeQuery(
                    "select rolname, rolsuper, rolbypassrls from pg_roles where rolname in ('cc_owner', 'cc_app') order by rolname");
            List<String> rows = new ArrayList<>();
            while (roles.next()) {
                rows.add(roles.getString(1) + " super=" + roles.getBoolean(2) + " bypassrls=" + roles.getBoolean(3));
            }
            assertThat(rows)
                    .containsExactly("cc_app super=false bypassrls=false", "cc_owner super=false bypassrls=false");

            ResultSet databases = sql.executeQuery(
                    "select d.datname, r.rolname from pg_database d join pg_roles r on r.oid = d.datdba where d.datname like 'cc\\_%'");
            List<String> owned = new ArrayList<>();
            while (databases.next()) {
                owned.add(databases.getString(1) + ":" + databases.getString(2));
            }
            assertThat(owned)
                    .containsExactlyInAnyOrderElementsOf(StackEndpoints.DATABASES.stream()
                            .map(database -> database + ":cc_owner")
                            .toList());

            ResultSet appOwns = sql.executeQuery(
                    "select count(*) from pg_class c join pg_roles r on r.oid = c.relowner where r.rolname = 'cc_app'");
            appOwns.next();
            assertThat(appOwns.getInt(1)).isZero();
        }
    }

    @Test
    void appRoleUsesOwnerTablesButCannotBypassRowLevelSecurity() throws SQLException {
        String database = "cc_ticket";
        try (Connection owner = DriverManager.getConnection(
                        endpoints.jdbcUrl(database), endpoints.dbOwner(), endpoints.dbOwnerPassword());
                Statement sql = owner.createStatement()) {
            sql.execute("create table note (id bigserial primary key, tenant text not null, body text)");
            sql.execute("alter table note enable row level security");
            sql.execute("create policy tenant_only on note using (tenant = current_setting('app.tenant_id', true))");
            sql.execute("insert into note (tenant, body) values ('t1', 'mine'), ('t2', 'theirs')");
        }
        try (Connection app = DriverManager.getConnection(
                        endpoints.jdbcUrl(database), endpoints.dbAppUser(), endpoints.dbAppPassword());
                Statement sql = app.createStatement()) {
            app.setAutoCommit(false);
            sql.execute("select set_config('app.tenant_id', 't1', true)");
            ResultSet visible = sql.executeQuery("select body from note");
            List<String> bodies = new ArrayList<>();
            while (visible.next()) {
                bodies.add(visible.getString(1));
            }
            assertThat(bodies).containsExactly("mine");
            // default privileges also cover sequences: the app can insert with the serial id
            sql.execute("insert into note (tenant, body) values ('t1', 'new')");
            app.commit();

            ResultSet bypass = sql.executeQuery("select rolbypassrls from pg_roles where rolname = current_user");
            bypass.next();
            assertThat(bypass.getBoolean(1)).isFalse();
        }
    }

    @Test
    void appRoleCannotLogInWithoutItsPassword() {
        assertThatThrownBy(() -> DriverManager.getConnection(
                                endpoints.jdbcUrl("cc_tenant"), endpoints.dbAppUser(), "wrong-password")
                        .close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
    }

    @Test
    void redisAnswersPingSetAndGet() throws Exception {
        assertThat(Resp.command(endpoints.redisHost(), endpoints.redisPort(), "PING"))
                .isEqualTo("+PONG");
        assertThat(Resp.command(endpoints.redisHost(), endpoints.redisPort(), "SET", "devstack:key", "value-1"))
                .isEqualTo("+OK");
        assertThat(Resp.command(endpoints.redisHost(), endpoints.redisPort(), "GET", "devstack:key"))
                .isEqualTo("value-1");
    }

    @Test
    void pulsarAdminListsTheDefaultNamespaceAndCreatesATopic() throws Exception {
        HttpResponse<String> namespaces =
                send(HttpRequest.newBuilder(URI.create(endpoints.pulsarAdminUrl() + "/admin/v2/namespaces/public"))
                        .GET());
        assertThat(namespaces.statusCode()).isEqualTo(200);
        assertThat(namespaces.body()).contains("\"public/default\"");

        HttpResponse<String> created = send(HttpRequest.newBuilder(
                        URI.create(endpoints.pulsarAdminUrl() + "/admin/v2/persistent/public/default/devstack-check"))
                .PUT(HttpRequest.BodyPublishers.noBody()));
        assertThat(created.statusCode()).isBetween(200, 299);
        HttpResponse<String> topics = send(
                HttpRequest.newBuilder(URI.create(endpoints.pulsarAdminUrl() + "/admin/v2/persistent/public/default"))
                        .GET());
        assertThat(topics.body()).contains("persistent://public/default/devstack-check");
        assertThat(Ports.isListening(endpoints.pulsarUrl().getPort())).isTrue();
    }

    @Test
    void s3MockCreatesAndListsBuckets() throws Exception {
        HttpResponse<String> created =
                send(HttpRequest.newBuilder(URI.create(endpoints.s3Endpoint() + "/recordings-check"))
                        .PUT(HttpRequest.BodyPublishers.noBody()));
        assertThat(created.statusCode()).isEqualTo(200);
        HttpResponse<String> put =
                send(HttpRequest.newBuilder(URI.create(endpoints.s3Endpoint() + "/recordings-check/a/b.txt"))
                        .PUT(HttpRequest.BodyPublishers.ofString("hello")));
        assertThat(put.statusCode()).isEqualTo(200);
        HttpResponse<String> get =
                send(HttpRequest.newBuilder(URI.create(endpoints.s3Endpoint() + "/recordings-check/a/b.txt"))
                        .GET());
        assertThat(get.body()).isEqualTo("hello");
        HttpResponse<String> buckets =
                send(HttpRequest.newBuilder(endpoints.s3Endpoint()).GET());
        assertThat(buckets.body()).contains("<Name>recordings-check</Name>").contains("<Name>preset-bucket</Name>");
    }

    @Test
    void janusAnswersServerInfoOverHttp() throws Exception {
        HttpResponse<String> info = send(HttpRequest.newBuilder(URI.create(endpoints.janusUrl() + "/info"))
                .GET());
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(JanusServer.isServerInfo(info.body())).isTrue();
        assertThat(info.body()).contains("janus.transport.websockets").doesNotContain("janus.transport.pfunix");
        assertThat(Ports.isListening(endpoints.janusWsUrl().getPort())).isTrue();
    }

    @Test
    void kamailioAnswersAnOptionsForItselfAndHasNoInstanceToDispatchTo() throws Exception {
        try (java.net.DatagramSocket socket =
                new java.net.DatagramSocket(new java.net.InetSocketAddress(Ports.LOOPBACK, 0))) {
            socket.setSoTimeout(3_000);
            assertThat(options(socket, "sip:" + endpoints.sipEdgeHost() + ":" + endpoints.sipEdgePort()))
                    .startsWith("SIP/2.0 200");
            // no call-cloud listens on the reserved ports: a call has nowhere to go
            assertThat(options(socket, "sip:12345@" + endpoints.sipEdgeHost() + ":" + endpoints.sipEdgePort()))
                    .startsWith("SIP/2.0 503");
        }
        assertThat(endpoints.sipInstancePorts().split(",")).hasSize(2);
    }

    private String options(java.net.DatagramSocket socket, String uri) throws Exception {
        String request = "OPTIONS " + uri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";branch=z9hG4bK-" + System.nanoTime()
                + "\r\nFrom: <sip:test@127.0.0.1>;tag=t1\r\nTo: <" + uri + ">\r\nCall-ID: devstack-"
                + System.nanoTime() + "\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
        byte[] bytes = request.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        socket.send(new java.net.DatagramPacket(
                bytes, bytes.length, new java.net.InetSocketAddress(Ports.LOOPBACK, endpoints.sipEdgePort())));
        byte[] buffer = new byte[4096];
        java.net.DatagramPacket reply = new java.net.DatagramPacket(buffer, buffer.length);
        socket.receive(reply);
        return new String(buffer, 0, reply.getLength(), java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Test
    void serversListenOnLoopbackOnly() throws Exception {
        Set<Long> pids = stack.processes().stream().map(ProcessHandle::pid).collect(Collectors.toSet());
        List<String> listeners = Files.readAllLines(Path.of("/proc/net/tcp")).stream()
                .skip(1)
                .map(line -> line.strip().split("\\s+"))
                .filter(fields -> fields[3].equals("0A")) // LISTEN
                .map(fields -> fields[1] + " inode " + fields[9])
                .toList();
        // Every listening socket of the stack's processes must be on 127.0.0.1 (0100007F in /proc/net/tcp).
        Set<String> inodes = socketInodes(pids);
        List<String> ours = listeners.stream()
                .filter(listener -> inodes.contains(listener.substring(listener.indexOf("inode ") + 6)))
                .toList();
        assertThat(ours).isNotEmpty().allSatisfy(listener -> assertThat(listener)
                .startsWith("0100007F:"));
        List<String> ours6 = Files.readAllLines(Path.of("/proc/net/tcp6")).stream()
                .skip(1)
                .map(line -> line.strip().split("\\s+"))
                .filter(fields -> fields[3].equals("0A") && inodes.contains(fields[9]))
                .map(fields -> fields[1])
                .toList();
        // IPv4-mapped loopback (::ffff:127.0.0.1) is the only IPv6 form allowed
        assertThat(ours6).allSatisfy(address -> assertThat(address).startsWith("0000000000000000FFFF00000100007F:"));
    }

    private static Set<String> socketInodes(Set<Long> pids) {
        Set<String> inodes = new HashSet<>();
        for (long pid : pids) {
            Path fds = Path.of("/proc", Long.toString(pid), "fd");
            try (var links = Files.list(fds)) {
                links.forEach(link -> {
                    try {
                        String target = Files.readSymbolicLink(link).toString();
                        if (target.startsWith("socket:[")) {
                            inodes.add(target.substring(8, target.length() - 1));
                        }
                    } catch (IOException e) {
                        // the fd closed meanwhile
                    }
                });
            } catch (IOException e) {
                // the process ended meanwhile
            }
        }
        return inodes;
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void closeLeavesNoProcessAndNoOpenPort() {
        List<ProcessHandle> processes = stack.processes();
        List<Integer> ports = stack.tcpPorts();
        assertThat(processes).hasSizeGreaterThanOrEqualTo(5);
        assertThat(Ports.listening(ports)).containsExactlyElementsOf(ports);

        stack.close();

        assertThat(processes).noneMatch(ProcessHandle::isAlive);
        assertThat(Ports.listening(ports)).isEmpty();
        assertThat(ownDescendants()).isSubsetOf(descendantsBefore);
        assertThat(stack.runDirectory().resolve("data")).doesNotExist();
        assertThat(stack.runDirectory().resolve("logs").resolve("redis.log")).exists();
    }

    private static Set<Long> ownDescendants() {
        return ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return Http.client()
                .send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
