package cn.hotline.ticket.ticket;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.ticket.directory.TenantDirectory;
import cn.hotline.ticket.ticket.domain.AttachmentRef;
import cn.hotline.ticket.ticket.domain.Citizen;
import cn.hotline.ticket.ticket.domain.LedgerEntry;
import cn.hotline.ticket.ticket.domain.Ticket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /tenants/{t}/tickets/{id}/case-file.docx}: the case file (一案一档) as a Word document — the ticket's
 * particulars and every step of its ledger with who, when, as which unit, what and which attachments; times in the
 * tenant's zone. Centre roles only (it carries the citizen's data). Text runs name a CJK font for East Asian text
 * (宋体 / SimSun); the font itself is not embedded, so the reader's system supplies it.
 */
@RestController
final class CaseFileExport {

    static final MediaType DOCX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final TicketManagement tickets;
    private final TenantDirectory directory;
    private final LedgerCodec codec;

    CaseFileExport(TicketManagement tickets, TenantDirectory directory, LedgerCodec codec) {
        this.tickets = tickets;
        this.directory = directory;
        this.codec = codec;
    }

    @GetMapping("/tenants/{tenant}/tickets/{id}/case-file.docx")
    Mono<ResponseEntity<byte[]>> export(@PathVariable String tenant, @PathVariable String id) {
        return TicketAccess.centre(tenant, TicketAccess.INTAKE).flatMap(grant -> {
            UUID uuid;
            try {
                uuid = UUID.fromString(id);
            } catch (IllegalArgumentException e) {
                return Mono.error(new ProblemException(ProblemCode.NOT_FOUND, "No ticket " + id + "."));
            }
            return tickets.ledger(grant.context(), uuid)
                    .zipWith(directory.calendar(grant.caller().tenant()).map(c -> ZoneId.of(c.zone())))
                    .flatMap(lz -> Mono.fromCallable(() -> document(lz.getT1(), lz.getT2()))
                            .subscribeOn(Schedulers.boundedElastic()))
                    .map(bytes -> ResponseEntity.ok()
                            .contentType(DOCX)
                            .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"case-" + id + ".docx\"")
                            .body(bytes));
        });
    }

    byte[] document(List<LedgerEntry> ledger, ZoneId zone) throws IOException {
        Ticket ticket = Ticket.replay(ledger);
        Citizen citizen = ticket.opened().citizen();
        try (XWPFDocument doc = new XWPFDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            paragraph(doc, "工单案卷（一案一档）", 16, true);
            paragraph(doc, "工单编号：" + ticket.id(), 11, false);
            paragraph(doc, "状态：" + ticket.status() + (ticket.hard() ? "（疑难工单）" : ""), 11, false);
            paragraph(
                    doc,
                    "来源：" + ticket.opened().channel() + "　类型：" + ticket.opened().kind() + "　分类："
                            + ticket.opened().category() + "　紧急程度："
                            + ticket.opened().urgency()
                            + (ticket.opened().confidential() ? "　保密" : ""),
                    11,
                    false);
            paragraph(
                    doc,
                    "诉求人：" + (citizen.name() == null ? "" : citizen.name()) + "　电话：" + citizen.phone()
                            + (citizen.contact() == null ? "" : "　其他联系方式：" + citizen.contact()),
                    11,
                    false);
            paragraph(
                    doc,
                    "地址：" + nz(ticket.opened().address()) + "　区域："
                            + nz(ticket.opened().area()),
                    11,
                    false);
            paragraph(doc, "诉求内容：" + ticket.opened().content(), 11, false);
            paragraph(
                    doc,
                    "外部编号：" + nz(ticket.opened().externalRef()) + "　关联通话："
                            + ticket.calls().stream().map(Object::toString).collect(Collectors.joining(", ")),
                    11,
                    false);
            paragraph(doc, "办理过程", 13, true);
            XWPFTable table = doc.createTable(ledger.size() + 1, 6);
            cells(table.getRow(0), "序号", "时间", "操作人", "单位", "环节", "内容与附件");
            for (int i = 0; i < ledger.size(); i++) {
                LedgerEntry e = ledger.get(i);
                String details = codec.payloadText(e.event());
                String attachments =
                        e.attachments().stream().map(AttachmentRef::name).collect(Collectors.joining("、"));
                cells(
                        table.getRow(i + 1),
                        Integer.toString(e.seq()),
                        TIME.format(e.at().atZone(zone)),
                        e.actor().id(),
                        e.actor().unit() == null ? "" : e.actor().unit().value(),
                        e.event().type(),
                        details + (attachments.isEmpty() ? "" : "　附件：" + attachments));
            }
            doc.write(out);
            return out.toByteArray();
        }
    }

    private static void paragraph(XWPFDocument doc, String text, int size, boolean bold) {
        XWPFParagraph p = doc.createParagraph();
        XWPFRun run = p.createRun();
        run.setText(text);
        run.setFontSize(size);
        run.setBold(bold);
        run.setFontFamily("SimSun", XWPFRun.FontCharRange.eastAsia);
    }

    private static void cells(XWPFTableRow row, String... texts) {
        for (int i = 0; i < texts.length; i++) {
            XWPFRun run = row.getCell(i).getParagraphs().getFirst().createRun();
            run.setText(texts[i]);
            run.setFontFamily("SimSun", XWPFRun.FontCharRange.eastAsia);
        }
    }

    private static String nz(@org.jspecify.annotations.Nullable String value) {
        return value == null ? "" : value;
    }
}
