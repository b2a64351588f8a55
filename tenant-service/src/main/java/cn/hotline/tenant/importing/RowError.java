package cn.hotline.tenant.importing;

/** Why a row was not imported: its Excel row number, the column header (or "" for the whole row) and a message. */
public record RowError(int row, String column, String message) {}
