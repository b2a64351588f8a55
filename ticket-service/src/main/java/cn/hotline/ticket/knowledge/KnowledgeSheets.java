package cn.hotline.ticket.knowledge;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jspecify.annotations.Nullable;

/**
 * Excel import and export of entries (one sheet, one row per entry, Chinese headers). Blocking (POI): callers run it
 * on a bounded-elastic thread. An import is checked whole before anything is saved.
 */
final class KnowledgeSheets {

    static final List<String> HEADERS =
            List.of("编号", "类型", "分类", "标题", "正文", "标签", "范围", "范围单位", "单位代码", "生效日期", "失效日期", "状态", "版本");
    static final int MAX_ROWS = 5000;

    private KnowledgeSheets() {}

    /** A row that cannot be imported, numbered as Excel shows it. */
    record RowError(int row, String message) {}

    /** The rows of an import: either all valid contents, or the errors. */
    record Parsed(List<EntryContent> contents, List<RowError> errors) {}

    static byte[] export(List<Entry> entries) {
        try (Workbook book = new XSSFWorkbook();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = book.createSheet("知识条目");
            Row header = sheet.createRow(0);
            for (int i = 0; i < HEADERS.size(); i++) {
                header.createCell(i).setCellValue(HEADERS.get(i));
            }
            int r = 1;
            for (Entry entry : entries) {
                EntryContent c = entry.content();
                Row row = sheet.createRow(r++);
                String[] values = {
                    entry.id().toString(),
                    c.kind().name(),
                    c.category(),
                    c.title(),
                    c.body(),
                    String.join(",", c.tags()),
                    c.tier().name(),
                    c.scopeUnit() == null ? "" : c.scopeUnit(),
                    c.unitCode() == null ? "" : c.unitCode(),
                    c.validFrom() == null ? "" : c.validFrom().toString(),
                    c.validTo() == null ? "" : c.validTo().toString(),
                    entry.status().name(),
                    Integer.toString(entry.version())
                };
                for (int i = 0; i < values.length; i++) {
                    row.createCell(i).setCellValue(values[i]);
                }
            }
            book.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the workbook", e);
        }
    }

    static Parsed parse(byte[] workbook) {
        List<EntryContent> contents = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        try (Workbook book = new XSSFWorkbook(new ByteArrayInputStream(workbook))) {
            Sheet sheet = book.getSheetAt(0);
            DataFormatter format = new DataFormatter(Locale.ROOT);
            Row header = sheet.getRow(0);
            Map<String, Integer> columns = new LinkedHashMap<>();
            if (header != null) {
                for (Cell cell : header) {
                    columns.put(format.formatCellValue(cell).strip(), cell.getColumnIndex());
                }
            }
            for (String required : List.of("分类", "标题", "正文")) {
                if (!columns.containsKey(required)) {
                    return new Parsed(List.of(), List.of(new RowError(1, "the header row lacks column " + required)));
                }
            }
            if (sheet.getLastRowNum() > MAX_ROWS) {
                return new Parsed(List.of(), List.of(new RowError(1, "at most " + MAX_ROWS + " rows per import")));
            }
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                if (row == null || blank(row, format)) {
                    continue;
                }
                try {
                    contents.add(new EntryContent(
                            KnowledgeController.parse(
                                    EntryKind.class, or(cell(row, columns, "类型", format), "ARTICLE"), "类型"),
                            or(cell(row, columns, "标题", format), ""),
                            or(cell(row, columns, "正文", format), ""),
                            tags(cell(row, columns, "标签", format)),
                            cell(row, columns, "分类", format),
                            KnowledgeController.parse(Tier.class, or(cell(row, columns, "范围", format), "TENANT"), "范围"),
                            cell(row, columns, "范围单位", format),
                            cell(row, columns, "单位代码", format),
                            List.of(),
                            date(cell(row, columns, "生效日期", format), "生效日期"),
                            date(cell(row, columns, "失效日期", format), "失效日期")));
                } catch (IllegalArgumentException e) {
                    errors.add(new RowError(r + 1, String.valueOf(e.getMessage())));
                }
            }
        } catch (IOException e) {
            return notAWorkbook();
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException || e.getClass().getName().startsWith("org.apache.poi")) {
                return notAWorkbook();
            }
            throw e;
        }
        return errors.isEmpty() ? new Parsed(contents, List.of()) : new Parsed(List.of(), errors);
    }

    private static Parsed notAWorkbook() {
        return new Parsed(List.of(), List.of(new RowError(0, "not an .xlsx workbook")));
    }

    private static boolean blank(Row row, DataFormatter format) {
        for (Cell cell : row) {
            if (!format.formatCellValue(cell).isBlank()) {
                return false;
            }
        }
        return true;
    }

    private static @Nullable String cell(Row row, Map<String, Integer> columns, String name, DataFormatter format) {
        Integer index = columns.get(name);
        if (index == null) {
            return null;
        }
        Cell cell = row.getCell(index);
        String text = cell == null ? "" : format.formatCellValue(cell).strip();
        return text.isEmpty() ? null : text;
    }

    private static String or(@Nullable String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static List<String> tags(@Nullable String text) {
        return text == null ? List.of() : Arrays.asList(text.split("[,，、;；]"));
    }

    private static @Nullable LocalDate date(@Nullable String text, String column) {
        try {
            return text == null ? null : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(column + ": a date as 2026-01-31");
        }
    }
}
