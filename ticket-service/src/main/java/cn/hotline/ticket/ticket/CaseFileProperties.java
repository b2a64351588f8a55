package cn.hotline.ticket.ticket;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code cc.ticket.case-file}: the CJK font the PDF case file embeds (as a subset).
 *
 * @param fonts TrueType fonts (.ttf) or collections (.ttc) with TrueType outlines, tried in order; the first that
 *     exists is used. CFF-outline fonts (Noto CJK's .ttc) cannot be embedded by PDFBox and are not listed.
 * @param fontName in a collection, the font's PostScript name (absent: the collection's first font)
 */
@Validated
@ConfigurationProperties(prefix = "cc.ticket.case-file")
public record CaseFileProperties(List<Path> fonts, @Nullable String fontName) {

    /** Debian's fonts-wqy-zenhei (installed by scripts/install-system-packages.sh), then other common places. */
    public static final List<Path> DEFAULT_FONTS = List.of(
            Path.of("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
            Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
            Path.of("/usr/share/fonts/truetype/arphic/uming.ttc"),
            Path.of("/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc"));

    public CaseFileProperties {
        fonts = fonts == null || fonts.isEmpty() ? DEFAULT_FONTS : List.copyOf(fonts);
        if (fontName != null && fontName.isBlank()) {
            fontName = null;
        }
    }
}
