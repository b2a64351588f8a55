package cn.hotline.workforce.sms;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Recipients from an Excel workbook (.xlsx): the first sheet's first row names the columns, one of them
 * {@code phone} (or 手机号 / 号码); every other named column is a template variable of that name. Empty rows are
 * skipped. Blocking (POI): call it on the bounded elastic scheduler.
 */
final class SmsExcel {

    static final int MAX_ROWS = 100_000;

    private SmsExcel() {}

    static List<SmsSending.Recipient> recipients(byte[] xlsx) {
        try (Workbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet sheet = book.getSheetAt(0);
            DataFormatter format = new DataFormatter();
            Row header = sheet.getRow(sheet.getFirstRowNum());
            if (header == null) {
                throw invalid("the sheet has no header row");
            }
            Map<Integer, String> columns = new LinkedHashMap<>();
            int phone = -1;
            for (Cell cell : header) {
                String name = format.formatCellValue(cell).strip();
                if (name.isEmpty()) {
                    continue;
                }
                if (name.equalsIgnoreCase("phone") || name.equals("手机号") || name.equals("号码")) {
                    phone = cell.getColumnIndex();
                } else {
                    columns.put(cell.getColumnIndex(), name);
                }
            }
            if (phone < 0) {
                throw invalid("the header row needs a 'phone' (手机号) column");
            }
            List<SmsSending.Recipient> out = new ArrayList<>();
            for (int r = header.getRowNum() + 1; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                if (row == null) {
                    continue;
                }
                String number = format.formatCellValue(row.getCell(phone)).strip();
                Map<String, String> variables = new LinkedHashMap<>();
                columns.forEach((index, name) -> {
                    String value = format.formatCellValue(row.getCell(index)).strip();
                    if (!value.isEmpty()) {
                        variables.put(name, value);
                    }
                });
                if (number.isEmpty() && variables.isEmpty()) {
                    continue;
                }
                out.add(new SmsSending.Recipient(number, variables));
                if (out.size() > MAX_ROWS) {
                    throw invalid("at most " + MAX_ROWS + " recipients per batch");
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException p) {
                throw p;
            }
            throw invalid("not a readable .xlsx workbook: " + e.getMessage());
        }
    }

    private static ProblemException invalid(String why) {
        return new ProblemException(ProblemCode.VALIDATION_FAILED, why, Map.of("field", "file"));
    }
}
