package cn.hotline.benchmarks.acd;

import cn.hotline.call.acd.domain.Acd;
import cn.hotline.call.acd.domain.AcdSettings;
import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.call.acd.domain.AgentSkill;
import cn.hotline.call.acd.domain.CallRouting;
import cn.hotline.call.acd.domain.SkillId;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark (1): ACD assignment decisions per second and their p99 latency, 268 agents with 10 skills, against a naive
 * baseline measured in the same run: PostgreSQL picking the longest idle ready agent with the skill by {@code SELECT
 * ... ORDER BY idle_since, level DESC LIMIT 1 FOR UPDATE SKIP LOCKED} and marking it offered, one transaction per
 * decision, from several threads. Each cycle offers a call and then frees the agent again (answer and hang up, no
 * wrap-up), so every decision finds ready agents; decisions/s counts whole cycles over wall time, the latency is that
 * of the decision alone.
 *
 * <p>Two ACD numbers: the in-memory decision of the real {@link Acd} on the single writer thread that owns a tenant,
 * and the same through call-cloud's {@code AcdManagement} as it runs in production (Redis lease, every decision
 * persisted to PostgreSQL under the fencing token before the caller hears of it, group commit across the calls in
 * flight); the latter's latency is that of {@code callArrived} end to end.
 *
 * <p>Settings: {@code bench.env} (devstack env file, required), {@code bench.seconds} (15), {@code bench.warmupSeconds}
 * (5), {@code bench.sqlThreads} (4), {@code bench.inFlight} (64, calls in flight on the durable ACD path).
 */
public final class AcdDecisionBenchmark {

    private static final int AGENTS = 268;
    private static final int SKILLS = 10;

    private AcdDecisionBenchmark() {}

    record Measured(String name, long decisions, double seconds, long[] latenciesNanos) {
        double perSecond() {
            return decisions / seconds;
        }

        /** All rounds of one path as one measurement: decisions and time summed, latencies pooled. */
        static Measured merge(List<Measured> rounds) {
            long decisions = rounds.stream().mapToLong(Measured::decisions).sum();
            double seconds = rounds.stream().mapToDouble(Measured::seconds).sum();
            long[] latencies = rounds.stream()
                    .flatMapToLong(r -> Arrays.stream(r.latenciesNanos()))
                    .toArray();
            return new Measured(rounds.getFirst().name(), decisions, seconds, latencies);
        }

        double percentileMicros(double p) {
            long[] sorted = latenciesNanos.clone();
            Arrays.sort(sorted);
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1000.0;
        }
    }

    public static void main(String[] args) throws Exception {
        Path env = Path.of(System.getProperty("bench.env", ".devstack/stack.env"));
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", "15"));
        double warmup = Double.parseDouble(System.getProperty("bench.warmupSeconds", "5"));
        int threads = Integer.getInteger("bench.sqlThreads", 4);
        Properties stack = new Properties();
        try (Reader reader = Files.newBufferedReader(env)) {
            stack.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the devstack env file " + env.toAbsolutePath(), e);
        }
        List<List<AgentSkill>> skills = skills(new SplittableRandom(268));

        System.out.printf(
                Locale.ROOT,
                "ACD decisions: %d agents, %d skills (3 per agent), %.0f s measured after %.0f s warm-up; %d cores%n",
                AGENTS,
                SKILLS,
                seconds,
                warmup,
                Runtime.getRuntime().availableProcessors());
        runAcd(skills, warmup);
        Measured acd = runAcd(skills, seconds);
        String url = "jdbc:postgresql://" + stack.getProperty("CC_PG_HOST") + ":" + stack.getProperty("CC_PG_PORT");
        String user = stack.getProperty("CC_PG_SUPERUSER");
        String password = stack.getProperty("CC_PG_SUPERPASSWORD");
        prepareDatabase(url, user, password, skills);
        int inFlight = Integer.getInteger("bench.inFlight", 64);
        int rounds = Integer.getInteger("bench.rounds", 3);
        List<Integer> depths = Arrays.stream(
                        System.getProperty("bench.depths", "1,2").split(","))
                .map(String::trim)
                .map(Integer::valueOf)
                .toList();
        runSql(url + "/acd_bench", user, password, threads, warmup);
        for (int depth : depths) {
            DurableAcd.run(stack, skills, SKILLS, warmup, inFlight, depth);
        }
        // The machine is shared: the baseline and the durable path take turns, round after round, so that a burst of
        // someone else's load hits both; each round's ratio is printed with the load average.
        List<Measured> sqlRounds = new ArrayList<>();
        List<List<Measured>> durableRounds = new ArrayList<>();
        depths.forEach(d -> durableRounds.add(new ArrayList<>()));
        System.out.println();
        System.out.println("| round | load avg (1 min) | SQL baseline | "
                + String.join(
                        " | ", depths.stream().map(d -> "durable, depth " + d).toList())
                + " | ratios |");
        System.out.println("|---|---|---|" + "---|".repeat(depths.size()) + "---|");
        for (int round = 1; round <= rounds; round++) {
            Measured sql = runSql(url + "/acd_bench", user, password, threads, seconds);
            sqlRounds.add(sql);
            List<String> cells = new ArrayList<>();
            List<String> ratios = new ArrayList<>();
            for (int i = 0; i < depths.size(); i++) {
                Measured durable = DurableAcd.run(stack, skills, SKILLS, seconds, inFlight, depths.get(i));
                durableRounds.get(i).add(durable);
                cells.add(String.format(Locale.ROOT, "%,.0f/s", durable.perSecond()));
                ratios.add(String.format(Locale.ROOT, "%.1fx", durable.perSecond() / sql.perSecond()));
            }
            System.out.printf(
                    Locale.ROOT,
                    "| %d | %s | %,.0f/s | %s | %s |%n",
                    round,
                    loadAverage(),
                    sql.perSecond(),
                    String.join(" | ", cells),
                    String.join(", ", ratios));
        }
        Measured sql = Measured.merge(sqlRounds);

        System.out.println();
        System.out.println("| path | decisions/s | p50 (µs) | p99 (µs) |");
        System.out.println("|---|---|---|---|");
        List<Measured> all = new ArrayList<>(List.of(acd));
        durableRounds.forEach(r -> all.add(Measured.merge(r)));
        all.add(sql);
        for (Measured m : all) {
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %,.0f | %.1f | %.1f |%n",
                    m.name(),
                    m.perSecond(),
                    m.percentileMicros(0.50),
                    m.percentileMicros(0.99));
        }
        System.out.printf(
                Locale.ROOT,
                "RESULT ACD / SQL baseline: %.1fx decisions per second (target >= 10x), p99 %.1f µs vs %.1f µs%n",
                acd.perSecond() / sql.perSecond(),
                acd.percentileMicros(0.99),
                sql.percentileMicros(0.99));
        for (int i = 0; i < depths.size(); i++) {
            Measured durable = Measured.merge(durableRounds.get(i));
            System.out.printf(
                    Locale.ROOT,
                    "RESULT ACD writer with PostgreSQL (pipeline depth %d) / SQL baseline: %.1fx decisions per second"
                            + " over %d rounds, p99 %.1f µs vs %.1f µs%n",
                    depths.get(i),
                    durable.perSecond() / sql.perSecond(),
                    rounds,
                    durable.percentileMicros(0.99),
                    sql.percentileMicros(0.99));
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static List<List<AgentSkill>> skills(SplittableRandom random) {
        List<List<AgentSkill>> all = new ArrayList<>();
        for (int a = 0; a < AGENTS; a++) {
            int primary = a % SKILLS;
            int second = (primary + 1 + random.nextInt(SKILLS - 1)) % SKILLS;
            int third;
            do {
                third = random.nextInt(SKILLS);
            } while (third == primary || third == second);
            all.add(List.of(
                    new AgentSkill(skill(primary), 6 + random.nextInt(5)),
                    new AgentSkill(skill(second), 1 + random.nextInt(5)),
                    new AgentSkill(skill(third), 1 + random.nextInt(5))));
        }
        return all;
    }

    private static SkillId skill(int i) {
        return SkillId.of("skill-" + i);
    }

    private static Measured runAcd(List<List<AgentSkill>> skills, double seconds) {
        Acd acd = new Acd(
                TenantId.of("benchmark"),
                Clock.systemUTC(),
                new AcdSettings(Duration.ofSeconds(15), Duration.ZERO, 1000, Map.of()));
        acd.recordEvents(false);
        for (int a = 0; a < AGENTS; a++) {
            AgentId id = AgentId.of("agent-" + a);
            acd.enrol(id, skills.get(a));
            acd.signIn(id);
            acd.ready(id);
        }
        SplittableRandom random = new SplittableRandom(1);
        long[] latencies = new long[1 << 20];
        int sampled = 0;
        long decisions = 0;
        long sequence = 0;
        long started = System.nanoTime();
        long until = started + (long) (seconds * 1e9);
        long now = started;
        while (now < until) {
            for (int i = 0; i < 256; i++) {
                CallId call = new CallId(new UUID(0xacdL, ++sequence));
                long before = System.nanoTime();
                CallRouting routing = acd.arrive(call, skill(random.nextInt(SKILLS)), 0);
                long after = System.nanoTime();
                if (!(routing instanceof CallRouting.Offered offered)) {
                    throw new IllegalStateException("expected an offer, got " + routing);
                }
                latencies[sampled++ & (latencies.length - 1)] = after - before;
                acd.answer(offered.agent(), call);
                acd.hangUp(call);
                decisions++;
            }
            now = System.nanoTime();
        }
        double elapsed = (now - started) / 1e9;
        long[] kept = Arrays.copyOf(latencies, Math.min(sampled, latencies.length));
        return new Measured("ACD (in memory, one writer)", decisions, elapsed, kept);
    }

    private static void prepareDatabase(String url, String user, String password, List<List<AgentSkill>> skills)
            throws SQLException {
        try (Connection c = DriverManager.getConnection(url + "/postgres", user, password);
                Statement s = c.createStatement();
                ResultSet exists = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'acd_bench'")) {
            if (!exists.next()) {
                s.execute("CREATE DATABASE acd_bench");
            }
        }
        try (Connection c = DriverManager.getConnection(url + "/acd_bench", user, password);
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_agent_skill, bench_agent");
            s.execute("CREATE TABLE bench_agent (agent_id text PRIMARY KEY, state text NOT NULL, call_id uuid,"
                    + " idle_since timestamptz NOT NULL)");
            s.execute("CREATE TABLE bench_agent_skill (agent_id text NOT NULL REFERENCES bench_agent,"
                    + " skill text NOT NULL, level int NOT NULL, PRIMARY KEY (skill, agent_id))");
            s.execute("CREATE INDEX bench_agent_ready ON bench_agent (idle_since) WHERE state = 'READY'");
            try (PreparedStatement agent =
                            c.prepareStatement("INSERT INTO bench_agent VALUES (?, 'READY', NULL, clock_timestamp())");
                    PreparedStatement skill = c.prepareStatement("INSERT INTO bench_agent_skill VALUES (?, ?, ?)")) {
                for (int a = 0; a < AGENTS; a++) {
                    agent.setString(1, "agent-" + a);
                    agent.executeUpdate();
                    for (AgentSkill k : skills.get(a)) {
                        skill.setString(1, "agent-" + a);
                        skill.setString(2, k.skill().value());
                        skill.setInt(3, k.level());
                        skill.executeUpdate();
                    }
                }
            }
            s.execute("ANALYZE bench_agent");
            s.execute("ANALYZE bench_agent_skill");
        }
    }

    private static Measured runSql(String url, String user, String password, int threads, double seconds)
            throws InterruptedException {
        AtomicLong decisions = new AtomicLong();
        List<long[]> samples = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        long started = System.nanoTime();
        long until = started + (long) (seconds * 1e9);
        for (int t = 0; t < threads; t++) {
            long[] latencies = new long[1 << 18];
            int[] count = new int[1];
            samples.add(latencies);
            int seed = t;
            Thread worker = Thread.ofPlatform().start(() -> {
                try (Connection c = DriverManager.getConnection(url, user, password);
                        PreparedStatement pick = c.prepareStatement(
                                "SELECT a.agent_id FROM bench_agent a JOIN bench_agent_skill s USING (agent_id)"
                                        + " WHERE s.skill = ? AND a.state = 'READY'"
                                        + " ORDER BY a.idle_since, s.level DESC LIMIT 1 FOR UPDATE OF a SKIP LOCKED");
                        PreparedStatement offer = c.prepareStatement(
                                "UPDATE bench_agent SET state = 'OFFERED', call_id = ? WHERE agent_id = ?");
                        PreparedStatement free = c.prepareStatement(
                                "UPDATE bench_agent SET state = 'READY', call_id = NULL, idle_since = clock_timestamp()"
                                        + " WHERE agent_id = ?")) {
                    c.setAutoCommit(false);
                    SplittableRandom random = new SplittableRandom(seed);
                    long sequence = 0;
                    while (System.nanoTime() < until) {
                        long before = System.nanoTime();
                        pick.setString(1, "skill-" + random.nextInt(SKILLS));
                        String agent = null;
                        try (ResultSet rs = pick.executeQuery()) {
                            if (rs.next()) {
                                agent = rs.getString(1);
                            }
                        }
                        if (agent == null) {
                            c.rollback();
                            continue;
                        }
                        offer.setObject(1, new UUID(seed, ++sequence));
                        offer.setString(2, agent);
                        offer.executeUpdate();
                        c.commit();
                        long after = System.nanoTime();
                        latencies[count[0]++ & (latencies.length - 1)] = after - before;
                        free.setString(1, agent);
                        free.executeUpdate();
                        c.commit();
                        decisions.incrementAndGet();
                    }
                    samples.set(seed, Arrays.copyOf(latencies, Math.min(count[0], latencies.length)));
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        long[] all = samples.stream().flatMapToLong(Arrays::stream).toArray();
        return new Measured("SQL FOR UPDATE SKIP LOCKED (" + threads + " threads)", decisions.get(), elapsed, all);
    }
}
