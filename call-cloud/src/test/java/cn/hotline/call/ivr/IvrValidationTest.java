package cn.hotline.call.ivr;

import static cn.hotline.call.ivr.IvrFixtures.PROMPTS;
import static cn.hotline.call.ivr.IvrFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IvrValidationTest {

    private static List<NodeError> errors(String document) {
        IvrDocument.Parsed parsed = parse(document);
        if (!parsed.errors().isEmpty() || parsed.definition() == null) {
            return parsed.errors();
        }
        return IvrValidator.validate(parsed.definition(), PROMPTS);
    }

    @Test
    void acceptsTheMenuTree() {
        assertThat(errors(IvrFixtures.MENU_TREE)).isEmpty();
    }

    @Test
    void acceptsATwelveThreeFourFiveTreeWithoutAMenu() {
        assertThat(errors("{'start': 'w', 'nodes': [{'id': 'w', 'type': 'announcement', 'prompt': 'welcome',"
                        + " 'next': 'q'}, {'id': 'q', 'type': 'queue', 'group': 'general'}]}"))
                .isEmpty();
    }

    @Test
    void pointsAtTheNodeAndFieldOfAnUnknownTarget() {
        assertThat(errors("{'start': 'w', 'nodes': [{'id': 'w', 'type': 'announcement', 'prompt': 'welcome',"
                        + " 'next': 'nowhere'}]}"))
                .containsExactly(new NodeError("w", "next", "leads to 'nowhere', which is not a node"));
    }

    @Test
    void reportsAMissingStartNode() {
        assertThat(errors("{'start': 'x', 'nodes': [{'id': 'q', 'type': 'queue'}]}"))
                .extracting(NodeError::node, NodeError::field)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("", "start"));
    }

    @Test
    void reportsEveryUnreachableNode() {
        assertThat(errors("{'start': 'q', 'nodes': [{'id': 'q', 'type': 'queue'}, {'id': 'lost', 'type': 'hangup'},"
                        + " {'id': 'lost2', 'type': 'queue'}]}"))
                .extracting(NodeError::node)
                .containsExactly("lost", "lost2");
    }

    @Test
    void refusesALoopThatNeverWaitsForTheCaller() {
        List<NodeError> found = errors("{'start': 'a', 'nodes': ["
                + "{'id': 'a', 'type': 'announcement', 'prompt': 'welcome', 'next': 'h'},"
                + "{'id': 'h', 'type': 'workingHours', 'open': 'a', 'closed': 'q'},"
                + "{'id': 'q', 'type': 'queue'}]}");
        assertThat(found).hasSize(1);
        assertThat(found.getFirst().message()).contains("loops without waiting").contains("a → h");
    }

    @Test
    void refusesAnAnnouncementThatLeadsToItself() {
        assertThat(errors("{'start': 'a', 'nodes': [{'id': 'a', 'type': 'announcement', 'prompt': 'welcome',"
                        + " 'next': 'a'}]}"))
                .extracting(NodeError::node, NodeError::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", "loops without waiting for the caller: a → a"));
    }

    @Test
    void allowsALoopThroughAMenuBecauseTheCallerChooses() {
        // MENU_TREE's 9 goes back to welcome: welcome → today → hours → menu → welcome
        assertThat(errors(IvrFixtures.MENU_TREE)).isEmpty();
    }

    @Test
    void reportsMissingPromptsButKnowsSystemPrompts() {
        assertThat(errors("{'start': 'a', 'nodes': [{'id': 'a', 'type': 'announcement', 'prompt': 'not-uploaded',"
                        + " 'next': 'b'}, {'id': 'b', 'type': 'hangup', 'prompt': 'sys.goodbye'},"
                        + " {'id': 'c', 'type': 'hangup', 'prompt': 'sys.nonsense'}]}"))
                .extracting(NodeError::node, NodeError::field)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", "prompt"),
                        org.assertj.core.groups.Tuple.tuple("c", "prompt"),
                        org.assertj.core.groups.Tuple.tuple("c", "id"));
    }

    @Test
    void refusesDuplicateDigitsAndBadDigits() {
        List<NodeError> found = errors("{'start': 'm', 'nodes': [{'id': 'm', 'type': 'menu', 'prompt': 'menu',"
                + " 'choices': [{'digit': '1', 'next': 'q'}, {'digit': '1', 'next': 'q'}, {'digit': 'x', 'next': 'q'}],"
                + " 'onFailure': 'q'}, {'id': 'q', 'type': 'queue'}]}");
        assertThat(found)
                .extracting(NodeError::node, NodeError::field)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("m", "choices[1].digit"),
                        org.assertj.core.groups.Tuple.tuple("m", "choices[2].digit"));
        assertThat(found.getFirst().message()).contains("twice");
    }

    @Test
    void reportsShapeProblemsPerNode() {
        List<NodeError> found = errors("{'start': 'm', 'nodes': ["
                + "{'id': 'm', 'type': 'menu', 'prompt': 'menu', 'choices': [], 'onFailure': 'q', 'retries': 9},"
                + "{'id': 'q', 'type': 'queue', 'group': 'Bad Group', 'priority': 10, 'colour': 'red'},"
                + "{'id': 'q', 'type': 'hangup'},"
                + "{'id': 'z', 'type': 'teleport'},"
                + "{'type': 'hangup'}]}");
        assertThat(found)
                .extracting(NodeError::node, NodeError::field)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("m", "choices"),
                        org.assertj.core.groups.Tuple.tuple("m", "retries"),
                        org.assertj.core.groups.Tuple.tuple("q", "colour"),
                        org.assertj.core.groups.Tuple.tuple("q", "group"),
                        org.assertj.core.groups.Tuple.tuple("q", "priority"),
                        org.assertj.core.groups.Tuple.tuple("q", "id"),
                        org.assertj.core.groups.Tuple.tuple("z", "type"),
                        org.assertj.core.groups.Tuple.tuple("nodes[4]", "id"));
    }

    @Test
    void refusesADocumentThatIsNotAnObject() {
        assertThat(IvrDocument.parse(IvrFixtures.JSON.readTree("[1,2]")).errors())
                .extracting(NodeError::node)
                .containsExactly("");
        assertThat(errors("{'start': 'a', 'nodes': [], 'extra': 1}"))
                .extracting(NodeError::field)
                .containsExactly("extra", "nodes");
    }

    @Test
    void listsThePromptsATreePlays() {
        assertThat(IvrFixtures.definition(IvrFixtures.MENU_TREE).promptNames())
                .containsExactly("bye", "leave-message", "menu", "survey", "welcome");
    }
}
