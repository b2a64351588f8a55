package cn.hotline.tenant.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

class SheetParserTest {

    private final SheetParser parser = new SheetParser();

    private SheetParser.Parsed parse(byte[] xlsx) {
        return parser.parse(new ByteArrayInputStream(xlsx));
    }

    @Test
    void readsGoodRowsWithChineseRoleNamesSkillLevelsAndNumericSeatNumbers() {
        var parsed = parse(Sheets.xlsx(
                Sheets.HEADER,
                new Object[] {1001, "张三", "Agent01", "坐席、班长", "yibao:8，zixun", "nanning.qingxiu", "13800138000"},
                new Object[] {"1002", "李四", "agent02", null, null, "话务一部", null}));

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.total()).isEqualTo(2);
        ImportRow first = parsed.rows().getFirst();
        assertThat(first.row()).isEqualTo(2);
        assertThat(first.seatNo()).isEqualTo("1001");
        assertThat(first.username()).isEqualTo("agent01");
        assertThat(first.roles()).containsExactly("AGENT", "SUPERVISOR");
        assertThat(first.skills()).containsEntry("yibao", 8).containsEntry("zixun", 5);
        assertThat(first.workstationOrDepartment()).isEqualTo("nanning.qingxiu");
        assertThat(first.phone()).isEqualTo("13800138000");
        assertThat(parsed.rows().get(1).roles()).containsExactly("AGENT");
        assertThat(parsed.rows().get(1).phone()).isNull();
    }

    @Test
    void columnsMayComeInAnyOrder() {
        var parsed = parse(Sheets.xlsx(new Object[] {"登录名", "姓名", "工号"}, new Object[] {"wang", "王五", "7"}));
        assertThat(parsed.rows()).singleElement().satisfies(r -> {
            assertThat(r.username()).isEqualTo("wang");
            assertThat(r.seatNo()).isEqualTo("7");
        });
    }

    @Test
    void reportsEveryBadCellWithItsRowNumberAndColumn() {
        var parsed = parse(Sheets.xlsx(
                Sheets.HEADER,
                new Object[] {"1001", "张三", "agent01", "坐席", null, null, null},
                new Object[] {"10 01", "", "bad name", "老板", "yibao:11", null, "12345abc"},
                new Object[] {"1003", "王五", "agent03", null, null, null, null}));

        assertThat(parsed.rows()).extracting(ImportRow::username).containsExactly("agent01", "agent03");
        assertThat(parsed.errors())
                .extracting(RowError::row, RowError::column)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(3, "工号"),
                        org.assertj.core.groups.Tuple.tuple(3, "姓名"),
                        org.assertj.core.groups.Tuple.tuple(3, "登录名"),
                        org.assertj.core.groups.Tuple.tuple(3, "角色"),
                        org.assertj.core.groups.Tuple.tuple(3, "技能组"),
                        org.assertj.core.groups.Tuple.tuple(3, "手机号"));
        assertThat(parsed.total()).isEqualTo(3);
    }

    @Test
    void duplicatesInsideTheFileAreReportedOnTheLaterRow() {
        var parsed = parse(Sheets.xlsx(
                Sheets.HEADER,
                new Object[] {"1001", "张三", "agent01"},
                new Object[] {"1001", "李四", "agent02"},
                new Object[] {"1003", "王五", "agent01"}));
        assertThat(parsed.rows()).extracting(ImportRow::row).containsExactly(2);
        assertThat(parsed.errors())
                .extracting(RowError::row, RowError::column)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(3, "工号"), org.assertj.core.groups.Tuple.tuple(4, "登录名"));
    }

    @Test
    void blankLinesAreSkippedAndNotCounted() {
        var parsed =
                parse(Sheets.xlsx(Sheets.HEADER, new Object[] {"1001", "张三", "agent01"}, new Object[] {}, new Object[] {
                    "1002", "李四", "agent02"
                }));
        assertThat(parsed.total()).isEqualTo(2);
        assertThat(parsed.rows()).extracting(ImportRow::row).containsExactly(2, 4);
    }

    @Test
    void aMissingRequiredColumnFailsTheHeader() {
        var parsed = parse(Sheets.xlsx(new Object[] {"工号", "姓名"}, new Object[] {"1", "x"}));
        assertThat(parsed.rows()).isEmpty();
        assertThat(parsed.errors()).singleElement().satisfies(e -> {
            assertThat(e.row()).isEqualTo(1);
            assertThat(e.column()).isEqualTo("登录名");
        });
    }

    @Test
    void aFileThatIsNotAWorkbookIsOneFileLevelError() {
        var parsed = parse("工号,姓名,登录名\n1,x,y".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(parsed.errors()).singleElement().satisfies(e -> {
            assertThat(e.row()).isZero();
            assertThat(e.message()).contains(".xlsx");
        });
    }
}
