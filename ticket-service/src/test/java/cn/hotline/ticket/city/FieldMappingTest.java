package cn.hotline.ticket.city;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class FieldMappingTest {

    private final JsonMapper json = JsonMapper.builder().build();

    private final FieldMapping mapping = FieldMapping.of(
            json.readTree(
                    """
            {"inbound": {"cityTicketNo": "caseNo", "callerPhone": "caller.tel"},
             "outbound": {"caseNo": "cityTicketNo", "action": "kind", "opinion": "data.text"}}
            """));

    @Test
    void readsTheCitysFieldsUnderOurNames() {
        ObjectNode theirs = (ObjectNode)
                json.readTree(
                        """
                {"caseNo": "SZ-1", "title": "t", "caller": {"tel": "13800000000"}}
                """);
        ObjectNode ours = mapping.toOurs(theirs);
        assertThat(ours.path("cityTicketNo").stringValue()).isEqualTo("SZ-1");
        assertThat(ours.path("callerPhone").stringValue()).isEqualTo("13800000000");
        assertThat(ours.path("title").stringValue()).isEqualTo("t");
        assertThat(mapping.theirName("cityTicketNo")).isEqualTo("caseNo");
        assertThat(mapping.theirName("title")).isEqualTo("title");
    }

    @Test
    void writesOnlyTheMappedFieldsInTheCitysNames() {
        ObjectNode ours = (ObjectNode)
                json.readTree(
                        """
                {"cityTicketNo": "SZ-1", "kind": "REPLIED", "data": {"text": "已修复"}, "tenant": "shushan"}
                """);
        assertThat(json.writeValueAsString(mapping.toTheirs(ours)))
                .isEqualTo("{\"caseNo\":\"SZ-1\",\"action\":\"REPLIED\",\"opinion\":\"已修复\"}");
        assertThat(FieldMapping.IDENTITY.toTheirs(ours)).isSameAs(ours);
    }

    @Test
    void refusesPathsThatAreNotDottedFieldNames() {
        assertThatThrownBy(() -> FieldMapping.of(json.readTree("{\"outbound\": {\"a\": \"../x\"}}")))
                .isInstanceOf(CityFields.InvalidField.class)
                .hasMessageContaining("mapping.outbound");
        assertThatThrownBy(() -> FieldMapping.of(json.readTree("{\"inbound\": {\"a\": 3}}")))
                .hasMessageContaining("mapping.inbound.a");
    }
}
