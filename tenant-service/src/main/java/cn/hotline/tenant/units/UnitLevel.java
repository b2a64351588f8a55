package cn.hotline.tenant.units;

/** Where a handling unit sits in the tree. */
public enum UnitLevel {
    /** A city-level member unit (市直成员单位), a root of the tree. */
    CITY_MEMBER,
    /** A district or county (区县), a root of the tree. */
    DISTRICT,
    /** A second-level unit (二级单位) under a city member unit or a district: a street office, a bureau's branch. */
    SECOND_LEVEL;

    /** Whether a unit of this level may hang under a parent of {@code parent} (null: a root). */
    public boolean mayHangUnder(UnitLevel parent) {
        return this == SECOND_LEVEL && (parent == CITY_MEMBER || parent == DISTRICT);
    }

    public boolean isRoot() {
        return this != SECOND_LEVEL;
    }
}
