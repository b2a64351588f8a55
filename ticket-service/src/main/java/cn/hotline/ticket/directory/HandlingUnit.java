package cn.hotline.ticket.directory;

import org.jspecify.annotations.Nullable;

/** A unit of tenant-service's tree as ticket-service needs it. */
public record HandlingUnit(String code, String name, String level, @Nullable String parentCode, boolean active) {}
