package cn.hotline.tenant.importing;

import java.util.List;

/**
 * The answer to an import: rows are imported one by one (each row all-or-nothing: its user, seat and skills), rows
 * with errors are skipped and listed.
 */
public record ImportReport(int total, int imported, int failed, List<RowError> errors) {

    public ImportReport {
        errors = List.copyOf(errors);
    }
}
