package cn.hotline.call.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jspecify.annotations.Nullable;

/** Reports as Excel workbooks (.xlsx): the figures, then the formulas they were computed with. */
final class ExcelReports {

    static final String MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static final String[] TRAFFIC_HEADERS = {
        "时段 period",
        "对象 key",
        "呼入 offered",
        "接听 answered",
        "放弃 abandoned",
        "短时放弃 short abandons",
        "拒绝 rejected",
        "15秒内接听 answered ≤15 s",
        "20秒内接听 answered ≤20 s",
        "服务水平15秒 SL 15 s",
        "服务水平20秒 SL 20 s",
        "接通率 answer rate",
        "放弃率 abandon rate",
        "平均应答(秒) ASA s",
        "平均处理(秒) AHT s",
        "最长等待(秒) max wait s",
        "参与调查 surveyed",
        "满意 satisfied (4-5)",
        "满意率 satisfaction rate",
        "平均评分 average score",
        "IVR中放弃 abandoned in IVR",
        "排队回拨 kept for callback",
        "转留言 voicemail",
    };

    private static final String[] MISSED_HEADERS = {
        "来电时间 arrived",
        "通话 call",
        "技能组 skill group",
        "原因 reason",
        "等待(秒) waited s",
        "振铃未接 rang out",
        "回拨状态 callback status",
        "回拨结果 callback outcome",
        "回拨次数 attempts",
        "回拨完成 called back at"
    };

    private ExcelReports() {}

    static byte[] missedCalls(List<MissedCallReport.Row> rows, String title) {
        try (XSSFWorkbook book = new XSSFWorkbook()) {
            Sheet sheet = book.createSheet("未接来电");
            sheet.createRow(0).createCell(0).setCellValue(title);
            Row header = sheet.createRow(1);
            for (int c = 0; c < MISSED_HEADERS.length; c++) {
                header.createCell(c).setCellValue(MISSED_HEADERS[c]);
            }
            int r = 2;
            for (MissedCallReport.Row row : rows) {
                Row line = sheet.createRow(r++);
                line.createCell(0).setCellValue(row.arrivedAt().toString());
                line.createCell(1).setCellValue(row.callId().toString());
                text(line.createCell(2), row.skillGroup());
                line.createCell(3).setCellValue(row.reason());
                number(line.createCell(4), row.waitedSeconds(), null);
                line.createCell(5).setCellValue(row.ringNoAnswers());
                text(line.createCell(6), row.callbackStatus());
                text(line.createCell(7), row.callbackOutcome());
                line.createCell(8).setCellValue(row.callbackAttempts());
                text(
                        line.createCell(9),
                        row.calledBackAt() == null ? null : row.calledBackAt().toString());
            }
            return bytes(book);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] traffic(List<TrafficRow> rows, String title) {
        try (XSSFWorkbook book = new XSSFWorkbook()) {
            Sheet sheet = book.createSheet("话务报表");
            CellStyle percent = book.createCellStyle();
            percent.setDataFormat(book.createDataFormat().getFormat("0.00%"));
            sheet.createRow(0).createCell(0).setCellValue(title);
            Row header = sheet.createRow(1);
            for (int c = 0; c < TRAFFIC_HEADERS.length; c++) {
                header.createCell(c).setCellValue(TRAFFIC_HEADERS[c]);
            }
            int r = 2;
            for (TrafficRow row : rows) {
                Row line = sheet.createRow(r++);
                line.createCell(0).setCellValue(row.period().toString());
                line.createCell(1).setCellValue(row.key());
                line.createCell(2).setCellValue(row.offered());
                line.createCell(3).setCellValue(row.answered());
                line.createCell(4).setCellValue(row.abandoned());
                line.createCell(5).setCellValue(row.shortAbandoned());
                line.createCell(6).setCellValue(row.rejected());
                line.createCell(7).setCellValue(row.answeredWithin15());
                line.createCell(8).setCellValue(row.answeredWithin20());
                number(line.createCell(9), row.serviceLevel15(), percent);
                number(line.createCell(10), row.serviceLevel20(), percent);
                number(line.createCell(11), row.answerRate(), percent);
                number(line.createCell(12), row.abandonRate(), percent);
                number(line.createCell(13), row.asaSeconds(), null);
                number(line.createCell(14), row.ahtSeconds(), null);
                number(line.createCell(15), row.maxWaitSeconds(), null);
                line.createCell(16).setCellValue(row.surveyed());
                line.createCell(17).setCellValue(row.satisfied());
                number(line.createCell(18), row.satisfactionRate(), percent);
                number(line.createCell(19), row.averageScore(), null);
                line.createCell(20).setCellValue(row.abandonedInIvr());
                line.createCell(21).setCellValue(row.keptForCallback());
                line.createCell(22).setCellValue(row.voicemail());
            }
            r++;
            for (String formula : List.of(
                    TrafficReport.SERVICE_LEVEL_FORMULA,
                    TrafficReport.ANSWER_RATE_FORMULA,
                    TrafficReport.ABANDON_RATE_FORMULA,
                    TrafficReport.SHORT_ABANDON_NOTE,
                    TrafficReport.AHT_FORMULA,
                    TrafficReport.IVR_ABANDON_NOTE,
                    TrafficReport.LEFT_QUEUE_NOTE,
                    TrafficReport.SATISFACTION_FORMULA)) {
                sheet.createRow(r++).createCell(0).setCellValue(formula);
            }
            return bytes(book);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] agentStates(List<AgentStateReport.Row> rows, String title) {
        Set<String> states = new LinkedHashSet<>();
        rows.forEach(row -> states.addAll(row.seconds().keySet()));
        List<String> columns = states.stream().sorted().toList();
        try (XSSFWorkbook book = new XSSFWorkbook()) {
            Sheet sheet = book.createSheet("坐席状态时长");
            sheet.createRow(0).createCell(0).setCellValue(title);
            Row header = sheet.createRow(1);
            header.createCell(0).setCellValue("坐席 agent");
            for (int c = 0; c < columns.size(); c++) {
                header.createCell(c + 1).setCellValue(columns.get(c) + " (秒 s)");
            }
            int r = 2;
            for (AgentStateReport.Row row : rows) {
                Row line = sheet.createRow(r++);
                line.createCell(0).setCellValue(row.agent());
                for (int c = 0; c < columns.size(); c++) {
                    line.createCell(c + 1).setCellValue(row.seconds().getOrDefault(columns.get(c), 0L));
                }
            }
            return bytes(book);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void number(Cell cell, @Nullable Double value, @Nullable CellStyle style) {
        if (value != null) {
            cell.setCellValue(value);
            if (style != null) {
                cell.setCellStyle(style);
            }
        }
    }

    private static void text(Cell cell, @Nullable String value) {
        if (value != null) {
            cell.setCellValue(value);
        }
    }

    private static byte[] bytes(XSSFWorkbook book) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        book.write(out);
        return out.toByteArray();
    }
}
