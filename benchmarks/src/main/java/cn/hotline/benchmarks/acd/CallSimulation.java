package cn.hotline.benchmarks.acd;

import cn.hotline.call.acd.domain.Acd;
import cn.hotline.call.acd.domain.AcdSettings;
import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.call.acd.domain.AgentSkill;
import cn.hotline.call.acd.domain.CallRouting;
import cn.hotline.call.acd.domain.SkillId;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A discrete-event simulation of a contact centre driving the real {@link Acd}: Poisson arrivals, exponential handle
 * times, answer at the moment of the offer (no ring time), no after-call work and no abandonment — the assumptions of
 * Erlang C. Each call's wait is measured from its arrival to its offer; calls are counted in the batch of their
 * arrival, after a warm-up, for a batch-means confidence interval of the service level.
 */
final class CallSimulation {

    /** How agents are organised: their skills and which group each call asks for. */
    interface Layout {
        String name();

        List<AgentSkill> skillsOf(int agent);

        SkillId groupOf(SplittableRandom random);
    }

    record Result(String layout, double load, long calls, double serviceLevel, double halfWidth, double asa) {}

    private record Event(double at, long seq, CallId call, AgentId agent) {}

    private final int agents;
    private final double aht;
    private final double threshold;
    private final double warmupHours;
    private final int batches;
    private final double batchHours;

    CallSimulation(int agents, double aht, double threshold, double warmupHours, int batches, double batchHours) {
        this.agents = agents;
        this.aht = aht;
        this.threshold = threshold;
        this.warmupHours = warmupHours;
        this.batches = batches;
        this.batchHours = batchHours;
    }

    Result run(Layout layout, double load, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        SimulatedClock clock = new SimulatedClock();
        AcdSettings settings = new AcdSettings(Duration.ofDays(365), Duration.ZERO, Integer.MAX_VALUE, Map.of());
        Acd acd = new Acd(TenantId.of("simulation"), clock, settings);
        acd.recordEvents(false);
        for (int i = 0; i < agents; i++) {
            AgentId id = AgentId.of("agent-" + i);
            acd.enrol(id, layout.skillsOf(i));
            acd.signIn(id);
            acd.ready(id);
        }
        double rate = load / aht;
        double start = warmupHours * 3600;
        double end = start + batches * batchHours * 3600;
        long[] answeredInTime = new long[batches];
        long[] counted = new long[batches];
        double totalWait = 0;
        long totalCalls = 0;
        Map<CallId, Double> arrivedAt = new HashMap<>();
        PriorityQueue<Event> completions = new PriorityQueue<>(
                (a, b) -> a.at() != b.at() ? Double.compare(a.at(), b.at()) : Long.compare(a.seq(), b.seq()));
        long seq = 0;
        long callNumber = 0;
        double nextArrival = exponential(random, 1 / rate);
        while (true) {
            boolean arrival =
                    completions.isEmpty() || nextArrival <= completions.peek().at();
            double now = arrival ? nextArrival : completions.peek().at();
            if (now > end && arrivedAt.isEmpty()) {
                break;
            }
            clock.set(now);
            Optional<CallRouting.Offered> offered;
            if (arrival && now <= end) {
                CallId call = new CallId(new UUID(0x5157L, ++callNumber));
                arrivedAt.put(call, now);
                CallRouting routing = acd.arrive(call, layout.groupOf(random), 0);
                offered = routing instanceof CallRouting.Offered o ? Optional.of(o) : Optional.empty();
                nextArrival = now + exponential(random, 1 / rate);
            } else if (arrival) {
                nextArrival = Double.POSITIVE_INFINITY; // the measured window is over: let the queue drain
                continue;
            } else {
                Event done = completions.poll();
                offered = acd.hangUp(done.call());
            }
            if (offered.isPresent()) {
                CallRouting.Offered offer = offered.get();
                acd.answer(offer.agent(), offer.call());
                double arrived = arrivedAt.remove(offer.call());
                double wait = now - arrived;
                if (arrived >= start && arrived < end) {
                    int batch = (int) ((arrived - start) / (batchHours * 3600));
                    counted[batch]++;
                    if (wait <= threshold) {
                        answeredInTime[batch]++;
                    }
                    totalWait += wait;
                    totalCalls++;
                }
                completions.add(new Event(now + exponential(random, aht), ++seq, offer.call(), offer.agent()));
            }
        }
        List<Double> levels = new ArrayList<>();
        long inTime = 0;
        for (int b = 0; b < batches; b++) {
            levels.add((double) answeredInTime[b] / counted[b]);
            inTime += answeredInTime[b];
        }
        double mean = levels.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double variance =
                levels.stream().mapToDouble(l -> (l - mean) * (l - mean)).sum() / (batches - 1);
        double halfWidth = studentT975(batches - 1) * Math.sqrt(variance / batches);
        return new Result(
                layout.name(), load, totalCalls, (double) inTime / totalCalls, halfWidth, totalWait / totalCalls);
    }

    private static double exponential(SplittableRandom random, double mean) {
        return -Math.log(1 - random.nextDouble()) * mean;
    }

    /** The 97.5 % quantile of Student's t (Cornish-Fisher expansion; within 0.001 from 8 degrees of freedom). */
    static double studentT975(int degrees) {
        double z = 1.959963985;
        double v = degrees;
        return z
                + (z * z * z + z) / (4 * v)
                + (5 * Math.pow(z, 5) + 16 * Math.pow(z, 3) + 3 * z) / (96 * v * v)
                + (3 * Math.pow(z, 7) + 19 * Math.pow(z, 5) + 17 * Math.pow(z, 3) - 15 * z) / (384 * v * v * v);
    }

    /** Every agent has the one skill every call asks for. */
    static Layout pooled() {
        SkillId general = SkillId.of("general");
        return new Layout() {
            public String name() {
                return "1 pooled group";
            }

            public List<AgentSkill> skillsOf(int agent) {
                return List.of(new AgentSkill(general, 5));
            }

            public SkillId groupOf(SplittableRandom random) {
                return general;
            }
        };
    }

    /** {@code groups} equal groups, calls spread evenly; each agent has its group's skill and {@code extra} more. */
    static Layout groups(int groups, int extra) {
        List<SkillId> skills = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            skills.add(SkillId.of("group-" + g));
        }
        return new Layout() {
            public String name() {
                return groups + " groups" + (extra == 0 ? ", one skill each" : ", +" + extra + " secondary skill");
            }

            public List<AgentSkill> skillsOf(int agent) {
                List<AgentSkill> own = new ArrayList<>();
                own.add(new AgentSkill(skills.get(agent % groups), 9));
                for (int e = 1; e <= extra; e++) {
                    own.add(new AgentSkill(skills.get((agent + e) % groups), 3));
                }
                return own;
            }

            public SkillId groupOf(SplittableRandom random) {
                return skills.get(random.nextInt(groups));
            }
        };
    }
}
