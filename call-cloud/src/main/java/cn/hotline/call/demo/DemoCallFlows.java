package cn.hotline.call.demo;

import cn.hotline.call.ivr.IvrManagement;
import cn.hotline.call.prompt.PromptLibrary;
import cn.hotline.call.prompt.PromptName;
import cn.hotline.call.routing.RoutingManagement;
import cn.hotline.kernel.id.TenantId;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The demo tenants' call flows, seeded when {@code cc.call.demo.enabled}: Mandarin prompts spoken by the text-to-speech
 * port, an IVR tree {@code main} published once, and routing rules. Idempotent: a prompt, a published tree or stored
 * rules that exist are left alone, so an administrator's changes survive restarts.
 *
 * <ul>
 *   <li>蜀山区 {@code shushan} (12345, district): no menu (GB/T 33358 discourages menus) — welcome, straight to the
 *       queue {@code general}.
 *   <li>徐州医保 {@code xuzhou-yb} (12393): welcome; in working hours a topic menu 1 医保缴费 → {@code payment}, 2
 *       报销结算 → {@code claims}, 3 异地就医 → routed by the rules to {@code remote}, 0 人工 → {@code general}; outside
 *       them voicemail; after two minutes in the queue callers choose (queue limit CHOICE): keep their place and be
 *       called back, or leave a message.
 *   <li>南宁市 {@code nanning} (12345, city): welcome, working-hours branch, queue {@code general}; closed: voicemail.
 * </ul>
 */
public final class DemoCallFlows {

    private static final Logger log = LoggerFactory.getLogger(DemoCallFlows.class);

    public static final TenantId SHUSHAN = TenantId.of("shushan");
    public static final TenantId XUZHOU_YB = TenantId.of("xuzhou-yb");
    public static final TenantId NANNING = TenantId.of("nanning");
    static final String ACTOR = "demo-seed";

    private record Flow(TenantId tenant, Map<String, String> prompts, String tree, String rules) {}

    private final PromptLibrary prompts;
    private final IvrManagement ivr;
    private final RoutingManagement routing;
    private final cn.hotline.call.acd.AcdManagement acd;
    private final DemoProperties properties;

    public DemoCallFlows(
            PromptLibrary prompts,
            IvrManagement ivr,
            RoutingManagement routing,
            cn.hotline.call.acd.AcdManagement acd,
            DemoProperties properties) {
        this.prompts = prompts;
        this.ivr = ivr;
        this.routing = routing;
        this.acd = acd;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void seedAtStartUp() {
        if (!properties.enabled()) {
            return;
        }
        // start-up is not a request path: the seeding runs on its own and retries while servers warm up
        seed().retryWhen(Retry.backoff(5, Duration.ofSeconds(2)))
                .subscribe(
                        ignored -> {},
                        error -> log.error("demo call flows could not be seeded", error),
                        () -> log.info("demo call flows are ready: shushan, xuzhou-yb, nanning"));
    }

    /** Seeds every demo tenant, then warms the system prompts. */
    public Mono<Void> seed() {
        return Flux.fromIterable(flows())
                .concatMap(this::seed)
                .then(prompts.systemPrompts().warmUp());
    }

    private Mono<Void> seed(Flow flow) {
        Mono<Void> seedPrompts = prompts.names(flow.tenant())
                .flatMap(existing -> Flux.fromIterable(flow.prompts().entrySet())
                        .filter(p -> !existing.contains(p.getKey()))
                        .concatMap(p -> prompts.synthesise(flow.tenant(), PromptName.of(p.getKey()), p.getValue()))
                        .then());
        Mono<Void> seedTree = ivr.current(flow.tenant(), "main")
                .hasElement()
                .flatMap(published -> published
                        ? Mono.<Void>empty()
                        : ivr.saveDraft(flow.tenant(), "main", flow.tree(), ACTOR)
                                .then(ivr.publish(flow.tenant(), "main", ACTOR))
                                .then());
        Mono<Void> seedRules = routing.rules(flow.tenant())
                .flatMap(view -> view.revision() != null
                        ? Mono.<Void>empty()
                        : routing.replace(flow.tenant(), flow.rules(), ACTOR).then());
        // 徐州医保's callers who have waited two minutes choose: keep their place and be called back, or a message
        Mono<Void> seedLimit = !flow.tenant().equals(XUZHOU_YB)
                ? Mono.empty()
                : acd.queueLimit(flow.tenant())
                        .flatMap(limit -> limit.isPresent()
                                ? Mono.<Void>empty()
                                : acd.configureQueueLimit(
                                        flow.tenant(),
                                        java.util.Optional.of(new cn.hotline.call.acd.QueueLimit(
                                                Duration.ofSeconds(120), cn.hotline.call.acd.QueueLimit.Action.CHOICE)),
                                        ACTOR));
        return seedPrompts
                .then(seedTree)
                .then(seedRules)
                .then(seedLimit)
                .doOnSuccess(v -> log.info("demo call flow of {} is in place", flow.tenant()));
    }

    private static List<Flow> flows() {
        return List.of(
                new Flow(
                        SHUSHAN,
                        prompts("welcome", "您好，欢迎致电合肥市蜀山区12345政务服务便民热线，正在为您转接人工服务，请稍候。"),
                        json(
                                """
                                {'start': 'welcome', 'nodes': [
                                  {'id': 'welcome', 'type': 'announcement', 'prompt': 'welcome', 'next': 'agent'},
                                  {'id': 'agent', 'type': 'queue', 'group': 'general'}]}
                                """),
                        json(
                                """
                                {'lists': {'blacklist': ['13900000000']},
                                 'rules': [{'name': 'blocked', 'when': {'callerIn': 'blacklist'},
                                            'then': {'action': 'reject', 'reason': 'blacklisted'}}],
                                 'default': {'action': 'ivr', 'tree': 'main'},
                                 'defaultQueue': {'group': 'general'}}
                                """)),
                new Flow(
                        XUZHOU_YB,
                        prompts(
                                "welcome", "您好，欢迎致电徐州市医疗保障局12393服务热线。",
                                "menu", "医保缴费请按1，报销结算请按2，异地就医请按3，人工服务请按0。",
                                "closed", "现在是非工作时间，请在提示音后留言，我们将在工作时间给您回电。"),
                        json(
                                """
                                {'start': 'welcome', 'nodes': [
                                  {'id': 'welcome', 'type': 'announcement', 'prompt': 'welcome', 'next': 'hours'},
                                  {'id': 'hours', 'type': 'workingHours', 'open': 'topics', 'closed': 'after-hours'},
                                  {'id': 'topics', 'type': 'menu', 'prompt': 'menu', 'timeoutSeconds': 6, 'retries': 2,
                                   'invalidPrompt': 'sys.invalid_input',
                                   'choices': [{'digit': '1', 'next': 'payment'}, {'digit': '2', 'next': 'claims'},
                                               {'digit': '3', 'next': 'remote'}, {'digit': '0', 'next': 'agent'}],
                                   'onFailure': 'agent'},
                                  {'id': 'payment', 'type': 'queue', 'group': 'payment'},
                                  {'id': 'claims', 'type': 'queue', 'group': 'claims'},
                                  {'id': 'remote', 'type': 'queue'},
                                  {'id': 'agent', 'type': 'queue', 'group': 'general'},
                                  {'id': 'after-hours', 'type': 'voicemail', 'prompt': 'closed', 'maxSeconds': 120}]}
                                """),
                        json(
                                """
                                {'lists': {'vip': ['13800000001']},
                                 'rules': [
                                   {'name': 'vip', 'when': {'callerIn': 'vip', 'workingHours': true},
                                    'then': {'action': 'queue', 'group': 'general', 'priority': 9}},
                                   {'name': 'remote-care', 'when': {'ivrChoice': '3'},
                                    'then': {'action': 'queue', 'group': 'remote', 'priority': 1}}],
                                 'default': {'action': 'ivr', 'tree': 'main'},
                                 'defaultQueue': {'group': 'general'}}
                                """)),
                new Flow(
                        NANNING,
                        prompts(
                                "welcome", "您好，欢迎致电南宁市12345政务服务便民热线。",
                                "closed", "现在是非工作时间，请在提示音后留言，我们将尽快为您办理。"),
                        json(
                                """
                                {'start': 'welcome', 'nodes': [
                                  {'id': 'welcome', 'type': 'announcement', 'prompt': 'welcome', 'next': 'hours'},
                                  {'id': 'hours', 'type': 'workingHours', 'open': 'agent', 'closed': 'after-hours'},
                                  {'id': 'agent', 'type': 'queue', 'group': 'general'},
                                  {'id': 'after-hours', 'type': 'voicemail', 'prompt': 'closed', 'maxSeconds': 180}]}
                                """),
                        json(
                                """
                                {'rules': [],
                                 'default': {'action': 'ivr', 'tree': 'main'},
                                 'defaultQueue': {'group': 'general'}}
                                """)));
    }

    private static Map<String, String> prompts(String... nameText) {
        Map<String, String> prompts = new LinkedHashMap<>();
        for (int i = 0; i < nameText.length; i += 2) {
            prompts.put(nameText[i], nameText[i + 1]);
        }
        return prompts;
    }

    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }
}
