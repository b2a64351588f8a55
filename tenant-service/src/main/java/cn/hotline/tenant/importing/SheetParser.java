package cn.hotline.tenant.importing;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jspecify.annotations.Nullable;

/**
 * Reads the users-and-seats sheet offices keep: the first sheet, a header row naming the columns (in any order) 工号,
 * 姓名, 登录名, 角色, 技能组, 工作站/部门, 手机号, then one row per person. Blocking (POI): call it on {@code
 * boundedElastic}. Pure otherwise: no database, so every rule here has a unit test.
 */
public final class SheetParser {

    public static final String SEAT_NO = "工号";
    public static final String NAME = "姓名";
    public static final String USERNAME = "登录名";
    public static final String ROLES = "角色";
    public static final String SKILLS = "技能组";
    public static final String UNIT = "工作站/部门";
    public static final String PHONE = "手机号";
    static final List<String> REQUIRED = List.of(SEAT_NO, NAME, USERNAME);
    static final List<String> ALL = List.of(SEAT_NO, NAME, USERNAME, ROLES, SKILLS, UNIT, PHONE);

    public static final int MAX_ROWS = 5000;

    private static final Pattern SEAT = Pattern.compile("[0-9A-Za-z-]{1,16}");
    private static final Pattern LOGIN = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");
    private static final Pattern MOBILE = Pattern.compile("1[3-9][0-9]{9}|\\+?[0-9][0-9-]{4,19}");
    private static final Pattern SKILL = Pattern.compile("([a-z0-9][a-z0-9_-]{0,39})(?:[:：]([0-9]{1,2}))?");
    private static final Pattern SEPARATORS = Pattern.compile("[,，、;；\\s]+");

    /** Chinese role names offices write, and the codes themselves. */
    static final Map<String, String> ROLE_NAMES = Map.ofEntries(
            Map.entry("坐席", "AGENT"),
            Map.entry("话务员", "AGENT"),
            Map.entry("班长", "SUPERVISOR"),
            Map.entry("组长", "SUPERVISOR"),
            Map.entry("质检员", "SUPERVISOR"),
            Map.entry("管理员", "TENANT_ADMIN"),
            Map.entry("租户管理员", "TENANT_ADMIN"),
            Map.entry("派单员", "TICKET_CLERK"),
            Map.entry("工单员", "TICKET_CLERK"),
            Map.entry("承办单位用户", "UNIT_USER"));

    /** What a sheet holds: valid rows and the errors of the others. */
    public record Parsed(int total, List<ImportRow> rows, List<RowError> errors) {
        public Parsed {
            rows = List.copyOf(rows);
            errors = List.copyOf(errors);
        }
    }

    public Parsed parse(InputStream xlsx) {
        try (Workbook workbook = new XSSFWorkbook(xlsx)) {
            if (workbook.getNumberOfSheets() == 0) {
                return fileError("the workbook has no sheet");
            }
            return parse(workbook.getSheetAt(0));
        } catch (IOException | RuntimeException e) {
            // POI signals a non-xlsx or damaged file with a variety of runtime exceptions
            return fileError("the file is not a readable .xlsx workbook");
        }
    }

    private static Parsed fileError(String message) {
        return new Parsed(0, List.of(), List.of(new RowError(0, "", message)));
    }

    private Parsed parse(Sheet sheet) {
        DataFormatter formatter = new DataFormatter(Locale.ROOT);
        Row header = sheet.getRow(sheet.getFirstRowNum());
        if (header == null) {
            return fileError("the first sheet is empty; expected a header row with " + String.join(", ", ALL));
        }
        Map<String, Integer> columns = new HashMap<>();
        for (Cell cell : header) {
            String name = formatter.formatCellValue(cell).trim();
            if (ALL.contains(name)) {
                columns.putIfAbsent(name, cell.getColumnIndex());
            }
        }
        List<RowError> errors = new ArrayList<>();
        for (String required : REQUIRED) {
            if (!columns.containsKey(required)) {
                errors.add(
                        new RowError(header.getRowNum() + 1, required, "the header row lacks the column " + required));
            }
        }
        if (!errors.isEmpty()) {
            return new Parsed(0, List.of(), errors);
        }
        List<ImportRow> rows = new ArrayList<>();
        Set<String> seenSeats = new HashSet<>();
        Set<String> seenLogins = new HashSet<>();
        int total = 0;
        for (int i = header.getRowNum() + 1; i <= sheet.getLastRowNum(); i++) {
            Row row = sheet.getRow(i);
            Map<String, String> values = new LinkedHashMap<>();
            for (var column : columns.entrySet()) {
                Cell cell = row == null ? null : row.getCell(column.getValue());
                values.put(
                        column.getKey(),
                        cell == null ? "" : formatter.formatCellValue(cell).trim());
            }
            if (values.values().stream().allMatch(String::isEmpty)) {
                continue; // blank lines between blocks are common
            }
            total++;
            if (total > MAX_ROWS) {
                errors.add(new RowError(i + 1, "", "more than " + MAX_ROWS + " rows: split the file"));
                break;
            }
            int before = errors.size();
            ImportRow parsed = row(i + 1, values, errors);
            if (parsed != null && errors.size() == before) {
                if (!seenSeats.add(parsed.seatNo())) {
                    errors.add(new RowError(i + 1, SEAT_NO, "工号 " + parsed.seatNo() + " appears twice in the file"));
                } else if (!seenLogins.add(parsed.username())) {
                    errors.add(
                            new RowError(i + 1, USERNAME, "登录名 " + parsed.username() + " appears twice in the file"));
                } else {
                    rows.add(parsed);
                }
            }
        }
        return new Parsed(total, rows, errors);
    }

    /** Validates one row, adding an error per bad cell; null when any cell is bad. */
    static @Nullable ImportRow row(int rowNumber, Map<String, String> values, List<RowError> errors) {
        int before = errors.size();
        String seat = values.getOrDefault(SEAT_NO, "");
        if (!SEAT.matcher(seat).matches()) {
            errors.add(new RowError(rowNumber, SEAT_NO, "工号 must be 1-16 letters, digits or '-'"));
        }
        String name = values.getOrDefault(NAME, "");
        if (name.isEmpty() || name.length() > 64) {
            errors.add(new RowError(rowNumber, NAME, "姓名 must be 1-64 characters"));
        }
        String login = values.getOrDefault(USERNAME, "").toLowerCase(Locale.ROOT);
        if (!LOGIN.matcher(login).matches()) {
            errors.add(new RowError(rowNumber, USERNAME, "登录名 must be 2-64 characters a-z, 0-9, '.', '_' or '-'"));
        }
        List<String> roles = new ArrayList<>();
        for (String role : split(values.getOrDefault(ROLES, ""))) {
            String code = ROLE_NAMES.getOrDefault(role, role.toUpperCase(Locale.ROOT));
            if (!ROLE_NAMES.containsValue(code)) {
                errors.add(new RowError(rowNumber, ROLES, "unknown role '" + role + "'; use " + ROLE_NAMES.keySet()));
            } else {
                roles.add(code);
            }
        }
        if (roles.isEmpty() && errors.size() == before) {
            roles.add("AGENT"); // an office sheet of seats lists agents unless it says otherwise
        }
        Map<String, Integer> skills = new LinkedHashMap<>();
        for (String skill : split(values.getOrDefault(SKILLS, ""))) {
            var m = SKILL.matcher(skill.toLowerCase(Locale.ROOT));
            int level = m.matches() && m.group(2) != null ? Integer.parseInt(m.group(2)) : 5;
            if (!m.matches() || level < 1 || level > 10) {
                errors.add(new RowError(rowNumber, SKILLS, "skill '" + skill + "' must be code or code:level (1-10)"));
            } else {
                skills.put(m.group(1), level);
            }
        }
        String unit = values.getOrDefault(UNIT, "");
        if (unit.length() > 64) {
            errors.add(new RowError(rowNumber, UNIT, "工作站/部门 must be at most 64 characters"));
        }
        String phone = values.getOrDefault(PHONE, "").replace(" ", "");
        if (!phone.isEmpty() && !MOBILE.matcher(phone).matches()) {
            errors.add(new RowError(rowNumber, PHONE, "手机号 '" + phone + "' is not a phone number"));
        }
        if (errors.size() != before) {
            return null;
        }
        return new ImportRow(
                rowNumber,
                seat,
                name,
                login,
                List.copyOf(new LinkedHashSet<>(roles)),
                skills,
                unit.isEmpty() ? null : unit,
                phone.isEmpty() ? null : phone);
    }

    private static List<String> split(String cell) {
        return cell.isBlank() ? List.of() : List.of(SEPARATORS.split(cell.trim()));
    }
}
