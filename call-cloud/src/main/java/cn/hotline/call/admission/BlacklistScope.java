package cn.hotline.call.admission;

/** Whose list a blacklist entry is on. */
public enum BlacklistScope {
    TENANT,
    PLATFORM
}
