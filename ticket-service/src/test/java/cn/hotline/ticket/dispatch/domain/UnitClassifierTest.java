package cn.hotline.ticket.dispatch.domain;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.ticket.dispatch.domain.UnitClassifier.Example;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnitClassifierTest {

    static List<Example> history() {
        List<Example> all = new ArrayList<>();
        String[] roads = {"路灯不亮", "路面塌陷", "井盖缺失", "路灯闪烁", "道路积水", "人行道破损"};
        String[] noise = {"夜间施工噪音", "广场舞噪音扰民", "工地夜间施工", "酒吧噪音", "装修噪音", "商铺外放音响"};
        for (int i = 0; i < 30; i++) {
            all.add(new Example("urban.road", "qingxiu", roads[i % roads.length] + "，请尽快处理", "qingxiu-jtj"));
            all.add(new Example(
                    "env.noise", i % 2 == 0 ? "qingxiu" : "jiangnan", noise[i % noise.length] + "严重", "qingxiu-cgj"));
        }
        return all;
    }

    @Test
    void suggestsTheUnitThatHandledSimilarTicketsWithProbabilitiesThatSumToOne() {
        UnitClassifier model = UnitClassifier.train(history());
        List<UnitClassifier.Suggestion> s = model.suggest("urban.road", "qingxiu", "小区门口路灯坏了", 3);
        assertThat(s.getFirst().unit()).isEqualTo("qingxiu-jtj");
        assertThat(s.getFirst().probability()).isGreaterThan(0.9);
        assertThat(s.stream()
                        .mapToDouble(UnitClassifier.Suggestion::probability)
                        .sum())
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        // the content alone points the other way when the category is the generic one
        assertThat(model.suggest("other", null, "晚上工地施工噪音太大", 1).getFirst().unit())
                .isEqualTo("qingxiu-cgj");
    }

    @Test
    void reportsAccuracyOnHeldOutExamplesOnly() {
        UnitClassifier.Evaluation e = UnitClassifier.evaluate(history(), 5);
        assertThat(e.trainedOn()).isEqualTo(48);
        assertThat(e.heldOut()).isEqualTo(12);
        assertThat(e.top1()).isEqualTo(1.0);

        List<Example> noisy = new ArrayList<>(history());
        // labels drawn at random, which no feature explains: accuracy must drop to about chance
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < noisy.size(); i++) {
            Example x = noisy.get(i);
            noisy.set(i, new Example(x.category(), x.area(), x.content(), "u-" + random.nextInt(3)));
        }
        assertThat(UnitClassifier.evaluate(noisy, 5).top1()).isLessThan(0.7);
    }

    @Test
    void anEmptyHistorySuggestsNothing() {
        assertThat(UnitClassifier.train(List.of()).suggest("urban.road", null, "路灯", 3))
                .isEmpty();
        assertThat(UnitClassifier.evaluate(List.of(), 5).top1()).isNull();
    }
}
