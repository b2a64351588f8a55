package cn.hotline.call.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.call.acd.domain.SkillId;
import cn.hotline.call.ivr.NodeError;
import cn.hotline.call.ivr.TenantCalendar;
import cn.hotline.kernel.id.TenantId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RoutingRulesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TenantCalendar CALENDAR = TenantCalendar.fallback();
    /** Tuesday 10:00 in Shanghai. */
    private static final Instant WORKING = Instant.parse("2026-03-10T02:00:00Z");
    /** Tuesday 12:30 in Shanghai: lunch break. */
    private static final Instant LUNCH = Instant.parse("2026-03-10T04:30:00Z");
    /** Tuesday 23:30 in Shanghai. */
    private static final Instant NIGHT = Instant.parse("2026-03-10T15:30:00Z");

    private static final String RULES =
            """
            {'lists': {'vip': ['+86 138 0000 0001'], 'blacklist': ['13900000000']},
             'rules': [
               {'name': 'blocked', 'when': {'callerIn': 'blacklist'}, 'then': {'action': 'reject', 'reason': 'blacklisted'}},
               {'name': 'vip', 'when': {'callerIn': 'vip'}, 'then': {'action': 'queue', 'group': 'vip', 'priority': 9}},
               {'name': 'remote', 'when': {'ivrChoice': '3'}, 'then': {'action': 'queue', 'group': 'remote'}},
               {'name': 'remote-sub', 'when': {'ivrChoice': '2/1'}, 'then': {'action': 'queue', 'group': 'claims-hospital'}},
               {'name': 'late', 'when': {'timeOfDay': {'from': '22:00', 'to': '07:00'}}, 'then': {'action': 'voicemail'}},
               {'name': 'lunch', 'when': {'workingHours': false, 'days': ['TUESDAY']},
                'then': {'action': 'queue', 'group': 'duty', 'priority': 1}},
               {'name': 'local', 'when': {'callerRegion': ['0516'], 'calledNumber': ['12393']},
                'then': {'action': 'ivr', 'tree': 'local'}},
               {'name': 'unicom', 'when': {'callerPrefix': ['130', '131']}, 'then': {'action': 'ivr', 'tree': 'main'}}
             ],
             'default': {'action': 'ivr', 'tree': 'main'},
             'defaultQueue': {'group': 'general'}}
            """;

    private static RoutingRules rules() {
        RoutingRules.Parsed parsed = RoutingRules.parse(JSON.readTree(RULES.replace('\'', '"')));
        assertThat(parsed.errors()).isEmpty();
        return parsed.rules();
    }

    private static RoutingRules.Match arrive(String called, String caller, Instant at) {
        return rules().evaluate(RoutingRules.Pass.ARRIVAL, facts(called, caller, at), CALENDAR, List.of());
    }

    private static CallFacts facts(String called, String caller, Instant at) {
        return new CallFacts(TenantId.of("xuzhou-yb"), called, caller, at);
    }

    private static String rule(RoutingRules.Match match) {
        return match.rule() == null ? "default" : match.rule().name();
    }

    @Test
    void theFirstMatchingRuleWinsInOrder() {
        RoutingRules.Match blocked = arrive("12393", "13900000000", WORKING);
        assertThat(rule(blocked)).isEqualTo("blocked");
        assertThat(blocked.action()).isEqualTo(new RoutingRules.Action.Reject("blacklisted"));
        assertThat(blocked.why()).containsExactly("caller is on list 'blacklist'");
    }

    @Test
    void listNumbersAreNormalisedLikeCallers() {
        RoutingRules.Match vip = arrive("12393", "+8613800000001", WORKING);
        assertThat(rule(vip)).isEqualTo("vip");
        assertThat(vip.action()).isEqualTo(new RoutingRules.Action.Queue(SkillId.of("vip"), 9));
    }

    @Test
    void ivrChoiceRulesWaitForTheSecondPass() {
        CallFacts facts = facts("12393", "051687654321", WORKING);
        assertThat(rule(rules().evaluate(RoutingRules.Pass.ARRIVAL, facts, CALENDAR, List.of("3"))))
                .isEqualTo("local");
        RoutingRules.Match after = rules().evaluate(RoutingRules.Pass.AFTER_IVR, facts, CALENDAR, List.of("3"));
        assertThat(rule(after)).isEqualTo("remote");
        assertThat(rule(rules().evaluate(RoutingRules.Pass.AFTER_IVR, facts, CALENDAR, List.of("2", "1", "4"))))
                .isEqualTo("remote-sub");
        assertThat(rules().evaluate(RoutingRules.Pass.AFTER_IVR, facts, CALENDAR, List.of("2"))
                        .action())
                .isEqualTo(new RoutingRules.Action.Queue(SkillId.of("general"), 0));
    }

    @Test
    void theSecondPassSkipsIvrActionsAndEndsInTheDefaultQueue() {
        // 'local' matches the facts but sends to an IVR: not after an IVR
        RoutingRules.Match after = rules().evaluate(
                        RoutingRules.Pass.AFTER_IVR, facts("12393", "051687654321", WORKING), CALENDAR, List.of("9"));
        assertThat(after.rule()).isNull();
        assertThat(after.action()).isEqualTo(new RoutingRules.Action.Queue(SkillId.of("general"), 0));
    }

    @Test
    void timeWindowsMayWrapMidnightAndUseTheTenantsZone() {
        assertThat(rule(arrive("12393", "13700000000", NIGHT))).isEqualTo("late");
        assertThat(rule(arrive("12393", "13700000000", WORKING))).isEqualTo("default");
    }

    @Test
    void workingHoursAndDaysComeFromTheCalendar() {
        RoutingRules.Match lunch = arrive("12393", "13700000000", LUNCH);
        assertThat(rule(lunch)).isEqualTo("lunch");
        assertThat(lunch.why()).containsExactly("day TUESDAY", "outside working hours");
    }

    @Test
    void regionIsTheLandlineAreaCodeAndPrefixesMatchMobiles() {
        assertThat(rule(arrive("12393", "0516-8765 4321", WORKING))).isEqualTo("local");
        assertThat(rule(arrive("12345", "0516-8765 4321", WORKING))).isEqualTo("default");
        assertThat(rule(arrive("12393", "13012345678", WORKING))).isEqualTo("unicom");
        assertThat(rules().trees()).containsExactlyInAnyOrder("main", "local");
    }

    @Test
    void normalisesChineseNumbers() {
        assertThat(PhoneNumbers.normalise("+86 138-0000-0001")).isEqualTo("13800000001");
        assertThat(PhoneNumbers.normalise("8613800000001")).isEqualTo("13800000001");
        assertThat(PhoneNumbers.normalise("+86 551 6531 2345")).isEqualTo("055165312345");
        assertThat(PhoneNumbers.normalise("0086 10 12345678")).isEqualTo("01012345678");
        assertThat(PhoneNumbers.areaCode("01012345678")).contains("010");
        assertThat(PhoneNumbers.areaCode("02512345678")).contains("025");
        assertThat(PhoneNumbers.areaCode("055165312345")).contains("0551");
        assertThat(PhoneNumbers.areaCode("13800000001")).isEmpty();
        assertThat(PhoneNumbers.isMobile("13800000001")).isTrue();
        assertThatThrownBy(() -> PhoneNumbers.normalise("call me")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reportsEveryProblemWithTheRuleAndField() {
        RoutingRules.Parsed parsed = RoutingRules.parse(
                JSON.readTree(
                        """
                {"lists": {"vip": ["x"]},
                 "rules": [
                   {"name": "a", "when": {"callerIn": "nope", "ivrChoice": "12", "colour": "red"}, "then": {"action": "queue"}},
                   {"name": "a", "then": {"action": "voicemail"}},
                   {"name": "b", "when": {"timeOfDay": {"from": "25:00", "to": "1"}, "days": ["FUNDAY"]},
                    "then": {"action": "fly"}}
                 ],
                 "default": {"action": "queue", "group": "general", "priority": 12}}
                """));
        assertThat(parsed.rules()).isNull();
        assertThat(parsed.errors())
                .extracting(NodeError::node, NodeError::field)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("", "lists.vip"),
                        org.assertj.core.groups.Tuple.tuple("a", "when.colour"),
                        org.assertj.core.groups.Tuple.tuple("a", "when.callerIn"),
                        org.assertj.core.groups.Tuple.tuple("a", "when.ivrChoice"),
                        org.assertj.core.groups.Tuple.tuple("a", "then.group"),
                        org.assertj.core.groups.Tuple.tuple("a", "name"),
                        org.assertj.core.groups.Tuple.tuple("b", "when.timeOfDay"),
                        org.assertj.core.groups.Tuple.tuple("b", "when.days"),
                        org.assertj.core.groups.Tuple.tuple("b", "then.action"),
                        org.assertj.core.groups.Tuple.tuple("", "default.priority"),
                        org.assertj.core.groups.Tuple.tuple("", "defaultQueue"));
    }
}
