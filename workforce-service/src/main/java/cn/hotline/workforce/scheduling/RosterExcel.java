package cn.hotline.workforce.scheduling;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.jspecify.annotations.Nullable;

/**
 * Reads a roster grid (排班表) from the first sheet of an .xlsx: the header row holds the dates (date cells or
 * {@code yyyy-MM-dd}) from the second column on; each further row is an agent (user id in the first column) with a
 * shift code per date; an empty cell, {@code 休} or {@code OFF} is a day off. At most 500 agents × 62 days.
 */
final class RosterExcel {

    private static final Set<String> OFF = Set.of("", "休", "OFF", "off", "-");
    private static final int MAX_BYTES = 5 * 1024 * 1024;

    private RosterExcel() {}

    static List<Roster.Entry> read(byte[] xlsx) {
        if (xlsx.length == 0 || xlsx.length > MAX_BYTES) {
            throw invalid("the workbook must be a non-empty .xlsx of at most 5 MiB", null);
        }
        DataFormatter text = new DataFormatter();
        try (Workbook book = WorkbookFactory.create(new ByteArrayInputStream(xlsx))) {
            Sheet sheet = book.getSheetAt(0);
            Row header = sheet.getRow(sheet.getFirstRowNum());
            if (header == null || header.getLastCellNum() < 2) {
                throw invalid("the first row must hold the dates, from the second column on", "A1");
            }
            List<LocalDate> days = new ArrayList<>();
            for (int c = 1; c < header.getLastCellNum(); c++) {
                Cell cell = header.getCell(c);
                if (cell == null || text.formatCellValue(cell).isBlank()) {
                    break;
                }
                days.add(date(cell, text));
            }
            if (days.size() > 62) {
                throw invalid("at most 62 days per import", null);
            }
            List<Roster.Entry> entries = new ArrayList<>();
            int agents = 0;
            for (int r = header.getRowNum() + 1; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                if (row == null
                        || row.getCell(0) == null
                        || text.formatCellValue(row.getCell(0)).isBlank()) {
                    continue;
                }
                String agent = text.formatCellValue(row.getCell(0)).strip();
                if (agent.length() > 64) {
                    throw invalid("agent ids are at most 64 characters", "A" + (r + 1));
                }
                if (++agents > 500) {
                    throw invalid("at most 500 agents per import", null);
                }
                for (int c = 0; c < days.size(); c++) {
                    Cell cell = row.getCell(c + 1);
                    String code = cell == null ? "" : text.formatCellValue(cell).strip();
                    entries.add(new Roster.Entry(agent, days.get(c), OFF.contains(code) ? "OFF" : code));
                }
            }
            return entries;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException problem) {
                throw problem;
            }
            throw invalid(
                    "the file is not a readable .xlsx workbook (" + e.getClass().getSimpleName() + ")", null);
        }
    }

    /** The same grid for {@code from}..{@code to}: the form {@link #read} takes back (休 for a day off). */
    static byte[] write(LocalDate from, LocalDate to, Roster roster) {
        try (org.apache.poi.xssf.usermodel.XSSFWorkbook book = new org.apache.poi.xssf.usermodel.XSSFWorkbook();
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream()) {
            Sheet sheet = book.createSheet("排班");
            Row header = sheet.createRow(0);
            header.createCell(0).setCellValue("坐席");
            List<LocalDate> days = from.datesUntil(to.plusDays(1)).toList();
            for (int d = 0; d < days.size(); d++) {
                header.createCell(d + 1).setCellValue(days.get(d).toString());
            }
            int r = 1;
            for (var agent : roster.byAgent().entrySet()) {
                Row row = sheet.createRow(r++);
                row.createCell(0).setCellValue(agent.getKey());
                for (int d = 0; d < days.size(); d++) {
                    LocalDate day = days.get(d);
                    String code = agent.getValue().stream()
                            .filter(e -> e.day().equals(day))
                            .map(Roster.Entry::shift)
                            .findFirst()
                            .orElse("休");
                    row.createCell(d + 1).setCellValue(code);
                }
            }
            book.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static LocalDate date(Cell cell, DataFormatter text) {
        if (cell.getCellType() == CellType.NUMERIC && DateUtil.isCellDateFormatted(cell)) {
            return cell.getDateCellValue()
                    .toInstant()
                    .atZone(ZoneId.systemDefault())
                    .toLocalDate();
        }
        try {
            return LocalDate.parse(text.formatCellValue(cell).strip());
        } catch (DateTimeParseException e) {
            throw invalid(
                    "'" + text.formatCellValue(cell) + "' is not a date (yyyy-MM-dd)",
                    cell.getAddress().formatAsString());
        }
    }

    private static ProblemException invalid(String detail, @Nullable String cell) {
        return new ProblemException(
                ProblemCode.VALIDATION_FAILED,
                detail,
                cell == null ? Map.of("field", "file") : Map.of("field", "file", "cell", cell));
    }
}
