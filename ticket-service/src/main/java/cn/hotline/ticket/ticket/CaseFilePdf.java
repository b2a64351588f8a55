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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /tenants/{t}/tickets/{id}/case-file.pdf}: the case file (一案一档) as PDF with a subset of a CJK
 * TrueType font embedded, so it reads the same on any machine: the ticket's particulars (the citizen's number
 * masked, {@code 138****8000}: a PDF leaves the system) and every ledger step with who, when, as which unit, what and
 * which attachments, times in the tenant's zone. Centre roles only. Without any of the configured fonts the export is
 * 503 {@code SERVICE_UNAVAILABLE} naming the paths and the Debian package to install.
 */
@RestController
final class CaseFilePdf {

    static final MediaType PDF = MediaType.APPLICATION_PDF;
    private static final Logger log = LoggerFactory.getLogger(CaseFilePdf.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final float MARGIN = 50;
    private static final float BODY = 10;
    private static final float LEADING = 1.5f;

    private final TicketManagement tickets;
    private final TenantDirectory directory;
    private final LedgerCodec codec;
    private final CaseFileProperties properties;

    CaseFilePdf(TicketManagement tickets, TenantDirectory directory, LedgerCodec codec, CaseFileProperties properties) {
        this.tickets = tickets;
        this.directory = directory;
        this.codec = codec;
        this.properties = properties;
        if (font().isEmpty()) {
            log.warn(
                    "no CJK font for PDF case files at {}; exports answer 503 until one is installed (Debian:"
                            + " fonts-wqy-zenhei)",
                    properties.fonts());
        }
    }

    @GetMapping("/tenants/{tenant}/tickets/{id}/case-file.pdf")
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
                            .contentType(PDF)
                            .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"case-" + id + ".pdf\"")
                            .body(bytes));
        });
    }

    /** The first configured font file that exists. */
    Optional<Path> font() {
        return properties.fonts().stream().filter(Files::isRegularFile).findFirst();
    }

    byte[] document(List<LedgerEntry> ledger, ZoneId zone) throws IOException {
        Path fontFile = font().orElseThrow(() -> new ProblemException(
                ProblemCode.SERVICE_UNAVAILABLE,
                "No CJK font for PDF case files: none of " + properties.fonts()
                        + " exists. Install Debian's fonts-wqy-zenhei (scripts/install-system-packages.sh) or set"
                        + " cc.ticket.case-file.fonts to a TrueType font with Chinese glyphs.",
                Map.of("fonts", properties.fonts().stream().map(Path::toString).toList())));
        Ticket ticket = Ticket.replay(ledger);
        try (PDDocument doc = new PDDocument();
                TrueTypeCollection collection =
                        fontFile.toString().endsWith(".ttc") ? new TrueTypeCollection(fontFile.toFile()) : null) {
            PDType0Font font;
            if (collection != null) {
                TrueTypeFont ttf = pick(collection);
                font = PDType0Font.load(doc, ttf, true);
            } else {
                font = PDType0Font.load(doc, fontFile.toFile());
            }
            Writer writer = new Writer(doc, font);
            Citizen citizen = ticket.opened().citizen();
            writer.line("工单案卷（一案一档）", 16);
            writer.gap();
            writer.paragraph("工单编号：" + ticket.id());
            writer.paragraph("状态：" + ticket.status() + (ticket.hard() ? "（疑难工单）" : ""));
            writer.paragraph("来源：" + ticket.opened().channel() + "　类型："
                    + ticket.opened().kind() + "　分类："
                    + ticket.opened().category() + "　紧急程度：" + ticket.opened().urgency()
                    + (ticket.opened().confidential() ? "　保密" : ""));
            writer.paragraph("诉求人：" + (ticket.opened().confidential() ? "（保密）" : nz(citizen.name())) + "　电话："
                    + TicketView.mask(citizen.phone()));
            writer.paragraph("地址：" + nz(ticket.opened().address()) + "　区域："
                    + nz(ticket.opened().area()));
            writer.paragraph("诉求内容：" + ticket.opened().content());
            writer.paragraph("外部编号：" + nz(ticket.opened().externalRef()) + "　关联通话："
                    + ticket.calls().stream().map(Object::toString).collect(Collectors.joining(", ")));
            writer.gap();
            writer.line("办理过程", 13);
            for (LedgerEntry e : ledger) {
                String attachments =
                        e.attachments().stream().map(AttachmentRef::name).collect(Collectors.joining("、"));
                writer.paragraph(e.seq() + ". " + TIME.format(e.at().atZone(zone)) + "　"
                        + e.event().type()
                        + (e.actor().unit() == null
                                ? ""
                                : "　单位：" + e.actor().unit().value()) + "　操作人："
                        + e.actor().id());
                writer.paragraph(
                        "　　" + codec.readable(e.event()) + (attachments.isEmpty() ? "" : "　附件：" + attachments));
            }
            writer.close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    private TrueTypeFont pick(TrueTypeCollection collection) throws IOException {
        if (properties.fontName() != null) {
            TrueTypeFont named = collection.getFontByName(properties.fontName());
            if (named == null) {
                throw new ProblemException(
                        ProblemCode.SERVICE_UNAVAILABLE,
                        "The font collection has no font named " + properties.fontName()
                                + " (cc.ticket.case-file.font-name).");
            }
            return named;
        }
        AtomicReference<TrueTypeFont> first = new AtomicReference<>();
        collection.processAllFonts(ttf -> first.compareAndSet(null, ttf));
        TrueTypeFont found = first.get();
        if (found == null) {
            throw new IOException("empty font collection");
        }
        return found;
    }

    /** Lays out lines top to bottom on A4 pages, wrapping by the font's widths. */
    private static final class Writer {
        private final PDDocument doc;
        private final PDType0Font font;
        private final float width = PDRectangle.A4.getWidth() - 2 * MARGIN;
        private PDPageContentStream stream;
        private float y;

        Writer(PDDocument doc, PDType0Font font) throws IOException {
            this.doc = doc;
            this.font = font;
            newPage();
        }

        private void newPage() throws IOException {
            if (stream != null) {
                stream.close();
            }
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            stream = new PDPageContentStream(doc, page);
            y = PDRectangle.A4.getHeight() - MARGIN;
        }

        void gap() {
            y -= BODY;
        }

        void line(String text, float size) throws IOException {
            if (y - size * LEADING < MARGIN) {
                newPage();
            }
            y -= size * LEADING;
            stream.beginText();
            stream.setFont(font, size);
            stream.newLineAtOffset(MARGIN, y);
            stream.showText(text);
            stream.endText();
        }

        void paragraph(String text) throws IOException {
            for (String line : wrap(printable(text), BODY)) {
                line(line, BODY);
            }
        }

        /** Characters the font has no glyph for (and control characters) become '?'. */
        private String printable(String text) {
            StringBuilder out = new StringBuilder();
            text.codePoints().forEach(cp -> {
                String c = new String(Character.toChars(cp));
                if (Character.isISOControl(cp)) {
                    out.append(' ');
                    return;
                }
                try {
                    font.getStringWidth(c);
                    out.append(c);
                } catch (IllegalArgumentException | IOException e) {
                    out.append('?');
                }
            });
            return out.toString();
        }

        /**
         * Breaks between Chinese characters anywhere and between Latin words at spaces; a Latin run wider than a line
         * is broken where it must.
         */
        private List<String> wrap(String text, float size) throws IOException {
            List<String> lines = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            float used = 0;
            for (String token : tokens(text)) {
                float w = font.getStringWidth(token) / 1000 * size;
                if (used + w > width && !current.isEmpty()) {
                    lines.add(current.toString().stripTrailing());
                    current.setLength(0);
                    used = 0;
                    if (token.isBlank()) {
                        continue;
                    }
                }
                if (w > width) {
                    for (int i = 0; i < token.length(); ) {
                        String c = new String(Character.toChars(token.codePointAt(i)));
                        float cw = font.getStringWidth(c) / 1000 * size;
                        if (used + cw > width && !current.isEmpty()) {
                            lines.add(current.toString());
                            current.setLength(0);
                            used = 0;
                        }
                        current.append(c);
                        used += cw;
                        i += c.length();
                    }
                } else {
                    current.append(token);
                    used += w;
                }
            }
            if (!current.isEmpty() || lines.isEmpty()) {
                lines.add(current.toString());
            }
            return lines;
        }

        /** Each CJK character, each run of spaces and each run of other characters is one token. */
        private static List<String> tokens(String text) {
            List<String> tokens = new ArrayList<>();
            StringBuilder run = new StringBuilder();
            int kind = -1;
            for (int i = 0; i < text.length(); ) {
                int cp = text.codePointAt(i);
                int k = Character.isIdeographic(cp) || cp >= 0x3000 && cp <= 0x303F || cp >= 0xFF00 && cp <= 0xFFEF
                        ? 0
                        : Character.isWhitespace(cp) ? 1 : 2;
                if (k == 0 || k != kind) {
                    if (!run.isEmpty()) {
                        tokens.add(run.toString());
                        run.setLength(0);
                    }
                }
                run.appendCodePoint(cp);
                kind = k;
                i += Character.charCount(cp);
            }
            if (!run.isEmpty()) {
                tokens.add(run.toString());
            }
            return tokens;
        }

        void close() throws IOException {
            stream.close();
        }
    }

    private static String nz(@org.jspecify.annotations.Nullable String value) {
        return value == null ? "" : value;
    }
}
