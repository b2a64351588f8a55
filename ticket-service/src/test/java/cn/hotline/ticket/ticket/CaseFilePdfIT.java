package cn.hotline.ticket.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.ticket.directory.TenantDirectory;
import cn.hotline.ticket.testing.TicketServiceTest;
import cn.hotline.ticket.testing.Tickets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The case file as PDF: the text read back out of it has the Chinese title, the citizen's request, every ledger step
 * and the caller's number masked (never in full); its only font is a CJK TrueType subset embedded in the file; without
 * a font the export says which package to install.
 */
@TicketServiceTest
class CaseFilePdfIT {

    @LocalServerPort
    int port;

    @Autowired
    TicketManagement tickets;

    @Autowired
    TenantDirectory directory;

    @Autowired
    LedgerCodec codec;

    @Test
    void theCaseFileReadsBackInChineseWithTheCallerMaskedAndTheFontEmbeddedAsASubset() throws Exception {
        WebTestClient http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(60))
                .build();
        Tickets t = new Tickets(http);
        String id = t.open();
        String jtj = t.unitUser("qingxiu-jtj");
        t.ok(t.clerk, id, "dispatch", Map.of("unit", "qingxiu-jtj", "text", "请核查夜间施工许可"));
        t.ok(jtj, id, "sign-for", Map.of());
        t.ok(jtj, id, "reply", Map.of("text", "已责令工地停止夜间施工并罚款"));

        byte[] pdf = t.get(t.clerk, "/tenants/{t}/tickets/{id}/case-file.pdf", t.tenant, id)
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType("application/pdf")
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();

        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text)
                    .contains("工单案卷（一案一档）")
                    .contains("民族大道100号工地夜间施工噪音扰民")
                    .contains("张先生")
                    .contains("138****8000")
                    .doesNotContain("13800138000")
                    .contains("办理过程")
                    .contains("TicketOpened")
                    .contains("TicketDispatched")
                    .contains("请核查夜间施工许可")
                    .contains("TicketSignedFor")
                    .contains("单位：qingxiu-jtj")
                    .contains("已责令工地停止夜间施工并罚款")
                    // details read as field：value pairs, not as JSON
                    .contains("mainUnit：qingxiu-jtj")
                    .doesNotContain("{\"value\"");
            List<PDFont> fonts = new ArrayList<>();
            for (PDPage page : doc.getPages()) {
                for (COSName name : page.getResources().getFontNames()) {
                    fonts.add(page.getResources().getFont(name));
                }
            }
            assertThat(fonts).isNotEmpty().allSatisfy(font -> {
                assertThat(font).isInstanceOf(PDType0Font.class);
                assertThat(font.isEmbedded()).isTrue();
                // a subset's name carries a six-letter tag: ABCDEF+WenQuanYiZenHei
                assertThat(font.getName()).matches("[A-Z]{6}\\+.+");
                assertThat(((PDType0Font) font)
                                .getDescendantFont()
                                .getFontDescriptor()
                                .getFontFile2())
                        .isNotNull();
            });
        }
    }

    @Test
    void withoutAnyConfiguredFontTheExportNamesThePathsAndThePackage() {
        CaseFilePdf noFont = new CaseFilePdf(
                tickets, directory, codec, new CaseFileProperties(List.of(Path.of("/nonexistent/cjk.ttc")), null));
        assertThatThrownBy(() -> noFont.document(List.of(), ZoneId.of("Asia/Shanghai")))
                .isInstanceOf(ProblemException.class)
                .hasMessageContaining("/nonexistent/cjk.ttc")
                .hasMessageContaining("fonts-wqy-zenhei")
                .satisfies(e -> assertThat(((ProblemException) e).code()).isEqualTo(ProblemCode.SERVICE_UNAVAILABLE));
    }
}
