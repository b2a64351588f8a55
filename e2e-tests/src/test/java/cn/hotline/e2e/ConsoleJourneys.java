package cn.hotline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.test.Baresip;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What people do in the console, step by step in headless Chromium: the operator provisions a tenant, its admin
 * builds and publishes an IVR flow, an agent opens the desktop, a ticket is created and dispatched, a supervisor
 * opens the wallboard. Screenshots of each key page go to {@code target/e2e-screenshots}.
 */
final class ConsoleJourneys {

    /** The password of every demo account (tenant-service/README.md). */
    static final String DEMO_PASSWORD = "Demo@12345";

    /** The demo tenant admins' password (cc.tenant.demo.admin-password's default). */
    static final String SHUSHAN_ADMIN_PASSWORD = "Hotline-Demo-2026!";

    /** shushan's hotline number (tenant-service/README.md). */
    static final String SHUSHAN_NUMBER = "055165312345";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ConsoleJourneys() {}

    static void theOperatorProvisionsATenant(ConsoleInChromium chromium, String tenant, String adminPassword) {
        Page page = chromium.signIn("platform", "operator", DEMO_PASSWORD);
        try {

            page.waitForURL(Pattern.compile(".*#/operator"));
            assertThat(page.getByTestId("menu-operator").isVisible()).isTrue();
            assertThat(page.getByTestId("menu-tenantAdmin").count())
                    .as("the operator's menu has no tenant administration")
                    .isZero();
            page.getByTestId("tenants").getByText("shushan").first().waitFor();
            ConsoleInChromium.screenshot(page, "01-operator-tenants");

            page.getByTestId("provision-open").click();
            page.getByTestId("provision-submit").click();
            // the empty form is refused before anything is sent: its errors show (after Element Plus' 100 ms debounce)
            page.getByTestId("provision-dialog")
                    .locator(".el-form-item__error")
                    .first()
                    .waitFor();
            page.getByTestId("provision-slug").fill(tenant);
            page.getByTestId("provision-name").fill("浏览器测试区12345热线");
            page.getByTestId("provision-numbers").fill("12345");
            page.getByTestId("provision-admin-name").fill("测试管理员");
            page.getByTestId("provision-password").fill(adminPassword);
            page.getByTestId("provision-submit").click();

            Locator result = page.getByTestId("provision-result");
            result.waitFor(new Locator.WaitForOptions().setTimeout(120_000));
            assertThat(result.innerText()).contains("租户 " + tenant + " 已开通");
            ConsoleInChromium.screenshot(page, "02-operator-provisioned");
            page.context().close();
        } catch (RuntimeException | AssertionError e) {
            throw ConsoleInChromium.failure(page, "theOperatorProvisionsATenant", e);
        }
    }

    static void theNewTenantsAdminBuildsAndPublishesAnIvrFlow(
            ConsoleInChromium chromium, String tenant, String adminPassword) {
        Page page = chromium.signIn(tenant, "admin", adminPassword);
        try {
            assertThat(page.getByTestId("tenant").innerText()).contains(tenant);
            ConsoleInChromium.open(page, "/tenant-admin/ivr");

            page.getByTestId("ivr-new-name").fill("welcome");
            page.getByTestId("ivr-new").click();
            page.getByTestId("ivr-add").click(); // an announcement, the start node
            ConsoleInChromium.choose(page, page.getByTestId("ivr-add-type"), "挂机");
            page.getByTestId("ivr-add").click();
            page.getByTestId("node-0-prompt").fill("sys.digit_1");
            page.getByTestId("ivr-publish").click();
            Locator errors = page.getByTestId("ivr-errors");
            errors.waitFor();
            assertThat(page.locator(".node--error").count())
                    .as("the announcement without a next node is marked")
                    .isEqualTo(1);
            ConsoleInChromium.screenshot(page, "03-ivr-node-errors");

            ConsoleInChromium.choose(page, page.getByTestId("node-0-next"), "hangup2");
            page.getByTestId("node-1-prompt").fill("sys.goodbye");
            page.getByTestId("ivr-publish").click();
            page.getByTestId("ivr-published").waitFor();
            assertThat(page.getByTestId("ivr-current").innerText()).isEqualTo("v1");
            assertThat(page.getByTestId("ivr-outline").innerText()).contains("announcement1", "hangup2");
            ConsoleInChromium.screenshot(page, "04-ivr-published");
            page.context().close();
        } catch (RuntimeException | AssertionError e) {
            throw ConsoleInChromium.failure(page, "theNewTenantsAdminBuildsAndPublishesAnIvrFlow", e);
        }
    }

    static void anAgentSignsInAndSeesTheAgentDesktop(ConsoleInChromium chromium) {
        Page page = chromium.signIn("shushan", "agent01", DEMO_PASSWORD);
        try {

            page.waitForURL(Pattern.compile(".*#/agent.*"));
            assertThat(page.getByTestId("menu-agent").isVisible()).isTrue();
            assertThat(page.getByTestId("menu-tenantAdmin").count()).isZero();
            assertThat(page.getByTestId("menu-operator").count()).isZero();
            assertThat(page.getByTestId("user").innerText()).contains("话务员");
            ConsoleInChromium.screenshot(page, "05-agent-desktop");
            page.context().close();
        } catch (RuntimeException | AssertionError e) {
            throw ConsoleInChromium.failure(page, "anAgentSignsInAndSeesTheAgentDesktop", e);
        }
    }

    static void aTicketIsCreatedAndDispatchedToAHandlingUnit(
            ConsoleInChromium chromium, String tenant, String adminPassword) {
        Page page = chromium.signIn(tenant, "admin", adminPassword);
        try {
            addHandlingUnit(page, "zjj", "区住建局");

            ConsoleInChromium.open(page, "/tickets");
            page.getByTestId("ticket-new").click();
            page.getByTestId("ticket-submit").click();
            // the empty ticket form is refused before anything is sent
            page.locator(".el-dialog .el-form-item__error").first().waitFor();
            ConsoleInChromium.chooseFirst(page, page.getByTestId("ticket-category"));
            page.getByTestId("ticket-name").fill("张先生");
            page.getByTestId("ticket-phone").fill("13800138000");
            page.getByTestId("ticket-content").fill("小区楼道灯坏了一个月，物业不修。");
            page.getByTestId("ticket-submit").click();

            page.waitForURL(Pattern.compile(".*#/tickets/[0-9a-f-]{36}"));
            page.getByTestId("ticket-status").getByText("已受理").waitFor();
            page.getByTestId("step-dispatch").click();
            ConsoleInChromium.choose(page, page.getByTestId("step-unit"), "区住建局");
            page.getByTestId("step-text").fill("请核实处理");
            page.getByTestId("step-submit").click();
            page.getByTestId("ticket-status").getByText("已派单").waitFor();
            assertThat(page.getByTestId("ticket-unit").innerText()).isNotEqualTo("—");
            assertThat(page.getByTestId("ticket-ledger").innerText()).contains("1.", "2.");
            ConsoleInChromium.screenshot(page, "06-ticket-dispatched");

            ConsoleInChromium.open(page, "/tickets");
            page.getByTestId("tickets").getByText("小区楼道灯").waitFor();
            assertThat(page.getByTestId("tickets").locator("[data-light]").count())
                    .isPositive();
            ConsoleInChromium.screenshot(page, "07-ticket-list");
            page.context().close();
        } catch (RuntimeException | AssertionError e) {
            throw ConsoleInChromium.failure(page, "aTicketIsCreatedAndDispatchedToAHandlingUnit", e);
        }
    }

    /** The tenant admin adds a handling unit (承办单位) in the console's directory. */
    static void addHandlingUnit(Page page, String code, String name) {
        // right after signing in the router may still take the user to their home page (a supervisor's for shushan's
        // admin) after the route was opened: open it again until the pane shows
        for (int attempt = 1; ; attempt++) {
            ConsoleInChromium.open(page, "/tenant-admin/units");
            try {
                page.getByTestId("units-new").waitFor(new Locator.WaitForOptions().setTimeout(10_000));
                break;
            } catch (RuntimeException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
        page.getByTestId("units-new").click();
        page.getByTestId("units-code").fill(code);
        page.getByTestId("units-name").fill(name);
        page.getByTestId("units-submit").click();
        page.getByTestId("units-table").getByText(name).waitFor();
    }

    /**
     * A citizen calls shushan's number from baresip (a SIP phone sending a tone) through the platform's Kamailio; the
     * agent, signed in on the desk in Chromium with a fake microphone, goes ready and answers; the supervisor's
     * wallboard shows the call; the agent holds and retrieves the caller and sends a key from the pad; the agent opens
     * a ticket beside the call and the supervisor dispatches it to the handling unit that shushan's admin has just
     * added; the agent transfers the caller blind to a second agent's desk, which answers; that agent hangs up, the
     * caller gets the BYE, and the call record (through the gateway) has the transfer and the key.
     */
    static void aBaresipCallIsAnsweredOnTheDeskTicketedDispatchedAndShownOnTheWallboard(
            ConsoleInChromium chromium, String edgeHost, int edgePort, Path work) throws Exception {
        Page admin = chromium.signIn("shushan", "admin", SHUSHAN_ADMIN_PASSWORD);
        try {
            addHandlingUnit(admin, "jsj", "区建设局");
            admin.context().close();
        } catch (RuntimeException | AssertionError e) {
            throw ConsoleInChromium.failure(admin, "shushanAddsAHandlingUnit", e);
        }
        Page board = chromium.signIn("shushan", "manager", DEMO_PASSWORD);
        Page desk = chromium.signIn("shushan", "agent01", DEMO_PASSWORD);
        // the colleague the call is transferred to: its desk is open, but it signs in to the ACD only once agent01
        // has the call (a ready agent02 could otherwise be offered the call first)
        Page desk2 = chromium.signIn("shushan", "agent02", DEMO_PASSWORD);
        // the colleague agent02 consults, then hands the caller to
        Page desk3 = chromium.signIn("shushan", "agent03", DEMO_PASSWORD);
        Page failing = desk;
        try (Baresip caller = Baresip.start(
                work.resolve("baresip"),
                "13955556666",
                Baresip.tone(work.resolve("caller-voice.wav"), 440, Duration.ofMinutes(3)))) {
            // the failure's screenshot is taken while the call is still up (before baresip hangs up on close)
            try {
                failing = board;
                ConsoleInChromium.open(board, "/supervisor/wallboard");
                board.getByTestId("wallboard").waitFor();

                failing = desk;
                desk.waitForURL(Pattern.compile(".*#/agent.*"));
                desk.getByTestId("sign-in").click();
                desk.getByTestId("ready").click();
                PlaywrightAssertions.assertThat(desk.getByTestId("agent-state")).containsText("空闲");

                // Kamailio answers 503 until its dispatcher has seen call-cloud's SIP port: only that is retried
                boolean established = false;
                for (int attempt = 0; !established && attempt < 15; attempt++) {
                    caller.dial("sip:" + SHUSHAN_NUMBER + "@" + edgeHost + ":" + edgePort);
                    JsonNode event = caller.awaitAny(Duration.ofSeconds(60), "CALL_ESTABLISHED", "CALL_CLOSED")
                            .orElseThrow(() -> new AssertionError("no answer to the call: " + caller.log()));
                    established = "CALL_ESTABLISHED".equals(event.path("type").asString(""));
                    if (!established) {
                        assertThat(event.toString()).as(caller.log()).contains("503");
                        Thread.sleep(2_000);
                    }
                }
                assertThat(established)
                        .as("the call is answered by call-cloud: " + caller.log())
                        .isTrue();

                desk.getByTestId("answer").click(new Locator.ClickOptions().setTimeout(90_000));
                PlaywrightAssertions.assertThat(desk.getByTestId("call-phase"))
                        .containsText("通话中", new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
                Duration answeredAt = caller.heard().duration();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (caller.heard().since(answeredAt).duration().toMillis() < 2_000 && System.nanoTime() < deadline) {
                    Thread.sleep(250);
                }
                System.out.printf(
                        "desk call: the caller heard %.0f (energy) from the agent's fake microphone%n",
                        caller.heard().since(answeredAt).energy());
                // the offer carried the caller's number: the screen pop names it and the ticket form has it
                PlaywrightAssertions.assertThat(desk.getByTestId("screen-pop-number"))
                        .containsText("13955556666", new LocatorAssertions.ContainsTextOptions().setTimeout(10_000));
                PlaywrightAssertions.assertThat(desk.getByTestId("ticket-phone"))
                        .hasValue("13955556666");
                ConsoleInChromium.screenshot(desk, "10-desk-talking");

                failing = board;
                PlaywrightAssertions.assertThat(board.getByTestId("wb-talking"))
                        .hasText("1", new LocatorAssertions.HasTextOptions().setTimeout(30_000));
                ConsoleInChromium.screenshot(board, "11-wallboard-call");

                failing = desk;
                holdRetrieveAndKey(desk, caller);

                ConsoleInChromium.chooseFirst(desk, desk.getByTestId("ticket-kind"));
                // the cascader keeps data-test on its inner input
                desk.getByTestId("ticket-form").locator(".el-cascader").first().click();
                desk.locator(".el-cascader-menu:visible .el-cascader-node .el-radio")
                        .first()
                        .click();
                desk.keyboard().press("Escape");
                desk.getByTestId("ticket-name").fill("王女士");
                desk.getByTestId("ticket-phone").fill("13955556666");
                desk.getByTestId("ticket-content").fill("反映小区门口道路积水，请尽快处理。");
                desk.getByTestId("ticket-save").click();
                desk.locator(".el-message--success").getByText("已创建").first().waitFor();
                java.util.regex.Matcher id = Pattern.compile(
                                "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
                        .matcher(desk.getByTestId("ticket-form").innerText());
                assertThat(id.find()).as("the saved ticket's id is shown").isTrue();
                String ticket = id.group();
                ConsoleInChromium.screenshot(desk, "12-desk-ticket-saved");

                // dispatching is a centre step (TENANT_ADMIN, SUPERVISOR, TICKET_CLERK): the agent's desk says the
                // ticket waits for the dispatchers, and the supervisor dispatches it to the unit while the call goes on
                assertThat(desk.getByTestId("dispatch").count()).isZero();
                assertThat(desk.getByTestId("awaits-dispatch").innerText()).contains("待派单");
                failing = board.context().newPage();
                Page tickets = failing;
                tickets.navigate("/#/tickets/" + ticket);
                tickets.getByTestId("user").waitFor();
                // the router may still take the supervisor home (the desk) once signed in: reopen until it shows
                for (int attempt = 1; ; attempt++) {
                    try {
                        tickets.getByTestId("ticket-status").waitFor(new Locator.WaitForOptions().setTimeout(10_000));
                        break;
                    } catch (RuntimeException e) {
                        if (attempt == 3) {
                            throw e;
                        }
                        ConsoleInChromium.open(tickets, "/tickets/" + ticket);
                    }
                }
                tickets.getByTestId("ticket-status").getByText("已受理").waitFor();
                tickets.getByTestId("step-dispatch").click();
                ConsoleInChromium.choose(tickets, tickets.getByTestId("step-unit"), "区建设局");
                tickets.getByTestId("step-text").fill("请核实处理");
                tickets.getByTestId("step-submit").click();
                tickets.getByTestId("ticket-status").getByText("已派单").waitFor();
                assertThat(tickets.getByTestId("ticket-ledger").innerText()).contains("1.", "2.");
                ConsoleInChromium.screenshot(tickets, "13-ticket-dispatched");
                tickets.close();

                failing = desk2;
                String agent01 = subject(desk);
                String agent02 = subject(desk2);
                desk2.waitForURL(Pattern.compile(".*#/agent.*"));
                desk2.getByTestId("sign-in").click();
                desk2.getByTestId("ready").click();
                PlaywrightAssertions.assertThat(desk2.getByTestId("agent-state"))
                        .containsText("空闲");

                failing = desk;
                blindTransfer(desk, agent02);
                failing = desk2;
                desk2.getByTestId("answer").click(new Locator.ClickOptions().setTimeout(30_000));
                PlaywrightAssertions.assertThat(desk2.getByTestId("call-phase"))
                        .containsText("通话中", new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
                assertThat(caller.awaitEvent("CALL_CLOSED", Duration.ofSeconds(3)))
                        .as("the caller is still on the call after the transfer: " + caller.log())
                        .isEmpty();
                Duration transferredAt = caller.heard().duration();
                Thread.sleep(2_000);
                System.out.printf(
                        "desk call: after the transfer the caller heard %.0f (energy) from the second desk%n",
                        caller.heard().since(transferredAt).energy());
                ConsoleInChromium.screenshot(desk2, "13b-second-desk-talking");
                failing = board;
                PlaywrightAssertions.assertThat(board.getByTestId("wb-talking"))
                        .hasText("1", new LocatorAssertions.HasTextOptions().setTimeout(30_000));

                failing = desk3;
                String agent03 = subject(desk3);
                desk3.waitForURL(Pattern.compile(".*#/agent.*"));
                desk3.getByTestId("sign-in").click();
                desk3.getByTestId("ready").click();
                PlaywrightAssertions.assertThat(desk3.getByTestId("agent-state"))
                        .containsText("空闲");
                failing = desk2;
                consultAndComplete(desk2, desk3, agent02, agent03, caller);

                failing = desk3;
                desk3.getByTestId("hang-up").click();
                assertThat(caller.awaitEvent("CALL_CLOSED", Duration.ofSeconds(30)))
                        .as("the caller got the BYE: " + caller.log())
                        .isPresent();
                failing = board;
                PlaywrightAssertions.assertThat(board.getByTestId("wb-talking"))
                        .hasText("0", new LocatorAssertions.HasTextOptions().setTimeout(30_000));
                ConsoleInChromium.screenshot(board, "14-wallboard-after-call");

                // a blind transfer agent01 → agent02, then agent02's consultation of agent03 completed
                JsonNode record = callRecordOf(board, "13955556666", agent03);
                System.out.println("desk call: the call record " + record);
                assertThat(record.path("transfers").asInt())
                        .as(record.toString())
                        .isEqualTo(2);
                assertThat(record.path("consults").asInt())
                        .as(record.toString())
                        .isEqualTo(1);
                assertThat(record.path("consultResult").asString(""))
                        .as(record.toString())
                        .isEqualTo("COMPLETED");
                assertThat(record.path("transferredTo").asString(""))
                        .as(record.toString())
                        .isEqualToIgnoringCase("agent " + agent03);
                assertThat(record.path("transferredBy").asString(""))
                        .as(record.toString())
                        .isEqualTo(agent02);
                assertThat(record.path("agent").asString(""))
                        .as(record.toString())
                        .isEqualTo(agent03);
                assertThat(record.path("dtmfSent").asString(""))
                        .as(record.toString())
                        .contains("5");
                assertThat(agent01).isNotEqualTo(agent02);
                desk.context().close();
                desk2.context().close();
                desk3.context().close();
                board.context().close();
            } catch (RuntimeException | AssertionError e) {
                throw ConsoleInChromium.failure(failing, "aBaresipCallIsAnsweredOnTheDesk", e);
            }
        }
    }

    /**
     * On a connected call: 保持 puts the caller on hold (the desk shows 已保持 and the agent 保持), 取回 brings it back,
     * key 5 of the pad is sent to the caller (the server answers {@code dtmfSent}). Whether baresip reports the key is
     * only printed: rtpengine's RFC 4733 towards the trunk leg is not proven (call-cloud README).
     */
    private static void holdRetrieveAndKey(Page desk, Baresip caller) throws InterruptedException {
        desk.getByTestId("hold").click();
        PlaywrightAssertions.assertThat(desk.getByTestId("call-phase")).containsText("已保持");
        PlaywrightAssertions.assertThat(desk.getByTestId("agent-state")).containsText("保持");
        assertThat(desk.getByTestId("key-5").isDisabled())
                .as("no keys while the caller holds")
                .isTrue();
        ConsoleInChromium.screenshot(desk, "10a-desk-held");
        desk.getByTestId("retrieve").click();
        PlaywrightAssertions.assertThat(desk.getByTestId("call-phase")).containsText("通话中");
        PlaywrightAssertions.assertThat(desk.getByTestId("agent-state")).containsText("通话中");

        desk.getByTestId("key-5").click();
        PlaywrightAssertions.assertThat(desk.getByTestId("last-answer"))
                .containsText("dtmfSent", new LocatorAssertions.ContainsTextOptions().setTimeout(15_000));
        ConsoleInChromium.screenshot(desk, "10b-desk-key-sent");
        System.out.println("desk call: baresip reported a key from the agent: "
                + caller.awaitAny(Duration.ofSeconds(3), "CALL_DTMF_START", "CALL_DTMF_END")
                        .map(JsonNode::toString)
                        .orElse("none within 3 s"));
    }

    /** The first desk transfers its call blind to agent {@code to}: its part of the call ends, it wraps up. */
    private static void blindTransfer(Page desk, String to) {
        // 坐席 (agent) is the transfer kind the softphone starts with
        assertThat(desk.getByTestId("target-kind").innerText()).contains("坐席");
        ConsoleInChromium.field(desk, "target-value").fill(to);
        desk.getByTestId("transfer").click();
        PlaywrightAssertions.assertThat(desk.getByTestId("call-phase"))
                .containsText("通话已结束", new LocatorAssertions.ContainsTextOptions().setTimeout(15_000));
        PlaywrightAssertions.assertThat(desk.getByTestId("last-answer")).containsText("transferred");
        PlaywrightAssertions.assertThat(desk.getByTestId("agent-state")).containsText("话后整理");
        ConsoleInChromium.screenshot(desk, "13a-desk-transferred-out");
    }

    /**
     * Agent02 consults agent03: its desk shows the consultation (咨询中, whom), agent03's desk is offered a consultation
     * from agent02, answers it and shows whose it is with 离开 instead of 挂断; agent02 completes the transfer (its part
     * ends) and agent03's desk takes the caller's call over (挂断 again, 转接完成).
     */
    private static void consultAndComplete(Page desk2, Page desk3, String agent02, String agent03, Baresip caller)
            throws InterruptedException {
        ConsoleInChromium.field(desk2, "target-value").fill(agent03);
        desk2.getByTestId("consult").click();
        PlaywrightAssertions.assertThat(desk2.getByTestId("call-phase")).containsText("咨询中");
        PlaywrightAssertions.assertThat(desk2.getByTestId("consult-target")).containsText("咨询对象：坐席 " + agent03);
        ConsoleInChromium.screenshot(desk2, "13c-desk-consulting");

        PlaywrightAssertions.assertThat(desk3.getByTestId("offer"))
                .containsText("咨询来电：坐席 " + agent02, new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        desk3.getByTestId("answer").click();
        PlaywrightAssertions.assertThat(desk3.getByTestId("call-phase"))
                .containsText("通话中", new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        PlaywrightAssertions.assertThat(desk3.getByTestId("consulted-by")).containsText("坐席 " + agent02 + " 的咨询");
        PlaywrightAssertions.assertThat(desk3.getByTestId("hang-up")).hasText("离开");
        ConsoleInChromium.screenshot(desk3, "13d-consulted-desk");
        // with the mixer (hA, at merge) the parties push marks the consultation answered; today it stays 振铃中
        System.out.println("desk call: the consulting desk shows the consultation as "
                + desk2.getByTestId("consult-status").innerText());

        desk2.getByTestId("complete-transfer").click();
        PlaywrightAssertions.assertThat(desk2.getByTestId("call-phase"))
                .containsText("通话已结束", new LocatorAssertions.ContainsTextOptions().setTimeout(15_000));
        PlaywrightAssertions.assertThat(desk3.getByTestId("hang-up"))
                .hasText("挂断", new LocatorAssertions.HasTextOptions().setTimeout(15_000));
        PlaywrightAssertions.assertThat(desk3.getByTestId("call-event")).containsText("转接完成");
        assertThat(desk3.getByTestId("consulted-by").count()).isZero();
        assertThat(caller.awaitEvent("CALL_CLOSED", Duration.ofSeconds(2)))
                .as("the caller is still on the call after the consultation: " + caller.log())
                .isEmpty();
        Duration completedAt = caller.heard().duration();
        Thread.sleep(2_000);
        System.out.printf(
                "desk call: after the completed consultation the caller heard %.0f (energy) from the third desk%n",
                caller.heard().since(completedAt).energy());
        ConsoleInChromium.screenshot(desk3, "13e-consulted-desk-has-the-caller");
    }

    /** The signed-in user's id (the agent id on the socket) from the gateway's {@code /api/me}. */
    private static String subject(Page page) {
        return (String) page.evaluate("async () => (await (await fetch('/api/me')).json()).subject");
    }

    /**
     * The call record of the caller's call through the gateway with the supervisor's session ({@code GET
     * /api/call/tenants/shushan/call-records}), once the ACD's history follower has folded the last agent in.
     */
    private static JsonNode callRecordOf(Page supervisor, String caller, String lastAgent) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            APIResponse response =
                    supervisor.context().request().get("/api/call/tenants/shushan/call-records?limit=50");
            last = response.status() + " " + response.text();
            if (response.ok()) {
                for (JsonNode record : JSON.readTree(response.text()).path("records")) {
                    if (record.path("caller").asString("").endsWith(caller)
                            && lastAgent.equals(record.path("agent").asString(""))
                            && !record.path("endedAt").isNull()) {
                        return record;
                    }
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no ended call record of " + caller + " answered last by " + lastAgent + ": " + last);
    }

    static void aSupervisorSeesTheWallboardPage(ConsoleInChromium chromium) {
        Page page = chromium.signIn("shushan", "manager", DEMO_PASSWORD);
        try {

            ConsoleInChromium.open(page, "/supervisor");
            assertThat(page.getByTestId("menu-supervisor").isVisible()).isTrue();
            page.locator(".console__main").waitFor();
            ConsoleInChromium.screenshot(page, "08-supervisor-wallboard");
            ConsoleInChromium.open(page, "/reports");
            page.getByTestId("report-chart").first().waitFor();
            ConsoleInChromium.screenshot(page, "09-reports");
            page.context().close();
        } catch (RuntimeException | AssertionError e) {
            throw ConsoleInChromium.failure(page, "aSupervisorSeesTheWallboardPage", e);
        }
    }

    /** No problem detail shown on the page: every call the page made was answered. */
    private static void noErrorShown(Page page, String where) {
        page.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
        assertThat(page.locator(".console__main .el-alert--error").count())
                .as(where + " shows no error")
                .isZero();
    }

    static void theTenantAdminSeesItsQuotasInUse(ConsoleInChromium chromium, String tenant, String adminPassword) {
        Page page = chromium.signIn(tenant, "admin", adminPassword);
        try {
            ConsoleInChromium.open(page, "/tenant-admin/quotas");
            page.getByTestId("quota-SEATS").waitFor();
            page.getByTestId("quota-CONCURRENT_CALLS").waitFor();
            noErrorShown(page, "quotas");
            ConsoleInChromium.screenshot(page, "10-tenant-admin-quotas");
            page.context().close();
        } catch (RuntimeException | AssertionError e) {
            throw ConsoleInChromium.failure(page, "theTenantAdminSeesItsQuotasInUse", e);
        }
    }

    static void anAgentOpensKnowledgeAndItsWorkforcePages(ConsoleInChromium chromium) {
        Page page = chromium.signIn("shushan", "agent01", DEMO_PASSWORD);
        try {
            page.waitForURL(Pattern.compile(".*#/agent.*"));
            ConsoleInChromium.open(page, "/knowledge");
            ConsoleInChromium.field(page, "kb-query").fill("医保异地就医备案");
            page.getByTestId("kb-search").click();
            page.getByText(Pattern.compile("共 \\d+ 条结果")).waitFor();
            noErrorShown(page, "knowledge");
            ConsoleInChromium.screenshot(page, "11-knowledge");
            for (String[] section : new String[][] {
                {"/quality", "quality", "12-quality-agent"},
                {"/scheduling", "scheduling", "13-scheduling-agent"},
                {"/training", "training", "14-training"},
                {"/announcements", "announcements", "15-announcements-agent"}
            }) {
                ConsoleInChromium.open(page, section[0]);
                page.getByTestId(section[1]).waitFor();
                noErrorShown(page, section[1]);
                ConsoleInChromium.screenshot(page, section[2]);
            }
            assertThat(page.getByTestId("menu-sms").count()).isZero();
            page.context().close();
        } catch (RuntimeException | AssertionError e) {
            throw ConsoleInChromium.failure(page, "anAgentOpensKnowledgeAndItsWorkforcePages", e);
        }
    }

    static void aSupervisorPublishesAnAnnouncementAndOpensSmsAndScheduling(ConsoleInChromium chromium) {
        Page page = chromium.signIn("shushan", "manager", DEMO_PASSWORD);
        try {
            ConsoleInChromium.open(page, "/announcements");
            page.getByTestId("ann-new").click();
            page.getByTestId("ann-send").click();
            // the empty announcement is refused before anything is sent
            page.getByTestId("ann-problem").waitFor();
            String title = "系统演练通知 " + System.nanoTime() % 100_000;
            ConsoleInChromium.field(page, "ann-title").fill(title);
            ConsoleInChromium.field(page, "ann-body").fill("今晚 22:00 进行话务系统切换演练，请提前签出。");
            page.getByTestId("ann-send").click();
            page.getByTestId("ann-list").getByText(title).waitFor();
            noErrorShown(page, "announcements");
            ConsoleInChromium.screenshot(page, "16-announcement-published");

            ConsoleInChromium.open(page, "/sms");
            page.getByTestId("sms-usage").waitFor();
            noErrorShown(page, "sms");
            ConsoleInChromium.screenshot(page, "17-sms");

            ConsoleInChromium.open(page, "/scheduling");
            page.getByTestId("wfm-roster").waitFor();
            noErrorShown(page, "scheduling");
            ConsoleInChromium.screenshot(page, "18-scheduling-supervisor");

            ConsoleInChromium.open(page, "/quality");
            page.getByTestId("qa-tasks").waitFor();
            noErrorShown(page, "quality");
            ConsoleInChromium.screenshot(page, "19-quality-supervisor");
            page.context().close();
        } catch (RuntimeException | AssertionError e) {
            throw ConsoleInChromium.failure(page, "aSupervisorPublishesAnAnnouncementAndOpensSmsAndScheduling", e);
        }
    }
}
