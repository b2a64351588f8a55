package cn.hotline.ticket.report;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.ticket.ticket.TicketAccess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /tenants/{t}/reports/tickets?from=&to=&groupBy=day|week|month|unit} (JSON) and {@code
 * …/reports/tickets.xlsx} (the same as an Excel workbook). Centre roles see the whole tenant; a unit's user sees the
 * KPIs of its own tickets (row-level security narrows the input).
 */
@RestController
final class ReportController {

    static final MediaType XLSX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final TicketReports reports;

    ReportController(TicketReports reports) {
        this.reports = reports;
    }

    @GetMapping("/tenants/{tenant}/reports/tickets")
    Mono<TicketReports.Report> report(
            @PathVariable String tenant,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable String groupBy) {
        return TicketAccess.read(tenant)
                .flatMap(grant -> reports.build(
                        grant.context(),
                        grant.caller().tenant(),
                        date(from, "from"),
                        date(to, "to"),
                        groupBy(groupBy)));
    }

    /** 成员单位考核: seed 002's table, for the items tickets measure. */
    @GetMapping("/tenants/{tenant}/reports/unit-scores")
    Mono<List<UnitScore>> unitScores(
            @PathVariable String tenant,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to) {
        return TicketAccess.read(tenant)
                .flatMap(grant -> reports.unitScores(
                        grant.context(), grant.caller().tenant(), date(from, "from"), date(to, "to")));
    }

    @GetMapping("/tenants/{tenant}/reports/tickets.xlsx")
    Mono<ResponseEntity<byte[]>> excel(
            @PathVariable String tenant,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable String groupBy) {
        return report(tenant, from, to, groupBy)
                .flatMap(report -> Mono.fromCallable(() -> workbook(report)).subscribeOn(Schedulers.boundedElastic()))
                .map(bytes -> ResponseEntity.ok()
                        .contentType(XLSX)
                        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"ticket-kpis.xlsx\"")
                        .body(bytes));
    }

    static byte[] workbook(TicketReports.Report report) throws IOException {
        try (XSSFWorkbook book = new XSSFWorkbook();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet kpis = book.createSheet("工单指标");
            List<String> header =
                    List.of("分组", "工单数", "及时签收率", "及时转派率", "直接答复率", "按时办结率", "满意率", "参评率", "退回", "延期", "超时");
            Row head = kpis.createRow(0);
            for (int i = 0; i < header.size(); i++) {
                head.createCell(i).setCellValue(header.get(i));
            }
            int r = 1;
            for (TicketKpis k : report.groups()) {
                write(kpis.createRow(r++), k);
            }
            write(kpis.createRow(r), report.total());
            Sheet hot = book.createSheet("热点诉求");
            Row hotHead = hot.createRow(0);
            hotHead.createCell(0).setCellValue("分类");
            hotHead.createCell(1).setCellValue("工单数");
            int h = 1;
            for (TicketReports.HotTopic topic : report.hotTopics()) {
                Row row = hot.createRow(h++);
                row.createCell(0).setCellValue(topic.category());
                row.createCell(1).setCellValue(topic.tickets());
            }
            book.write(out);
            return out.toByteArray();
        }
    }

    private static void write(Row row, TicketKpis k) {
        row.createCell(0).setCellValue(k.group());
        row.createCell(1).setCellValue(k.tickets());
        Double[] rates = {
            k.timelySignForRate(),
            k.timelyDispatchRate(),
            k.directAnswerRate(),
            k.onTimeClosingRate(),
            k.satisfaction(),
            k.participation()
        };
        for (int i = 0; i < rates.length; i++) {
            if (rates[i] != null) {
                row.createCell(2 + i).setCellValue(rates[i]);
            }
        }
        row.createCell(8).setCellValue(k.returns());
        row.createCell(9).setCellValue(k.extensions());
        row.createCell(10).setCellValue(k.overdue());
    }

    private static LocalDate date(@Nullable String text, String field) {
        try {
            if (text == null) {
                throw new DateTimeParseException("missing", "", 0);
            }
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new ProblemException(
                    ProblemCode.VALIDATION_FAILED, field + " must be a date (yyyy-MM-dd)", Map.of("field", field));
        }
    }

    private static TicketReports.GroupBy groupBy(@Nullable String text) {
        try {
            return text == null
                    ? TicketReports.GroupBy.DAY
                    : TicketReports.GroupBy.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(
                    ProblemCode.VALIDATION_FAILED,
                    "groupBy must be day, week, month or unit",
                    Map.of("field", "groupBy"));
        }
    }
}
