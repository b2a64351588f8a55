package cn.hotline.tenant.calendar;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The official public-holiday schedule of the People's Republic of China, as published by the General Office
 * of the State Council (国务院办公厅关于2026年部分节假日安排的通知): the default special days of every tenant's
 * calendar. A tenant may override any date (a local holiday, a changed arrangement).
 */
public final class ChineseHolidays {

    private ChineseHolidays() {}

    /** 2026: 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节 with their make-up working days. */
    public static List<SpecialDay> of2026() {
        List<SpecialDay> days = new ArrayList<>();
        holidays(days, "元旦", "2026-01-01", "2026-01-03");
        workday(days, "元旦调休上班", "2026-01-04");
        holidays(days, "春节", "2026-02-15", "2026-02-23");
        workday(days, "春节调休上班", "2026-02-14");
        workday(days, "春节调休上班", "2026-02-28");
        holidays(days, "清明节", "2026-04-04", "2026-04-06");
        holidays(days, "劳动节", "2026-05-01", "2026-05-05");
        workday(days, "劳动节调休上班", "2026-05-09");
        holidays(days, "端午节", "2026-06-19", "2026-06-21");
        holidays(days, "中秋节", "2026-09-25", "2026-09-27");
        holidays(days, "国庆节", "2026-10-01", "2026-10-07");
        workday(days, "国庆节调休上班", "2026-09-20");
        workday(days, "国庆节调休上班", "2026-10-10");
        return List.copyOf(days);
    }

    private static void holidays(List<SpecialDay> days, String name, String first, String last) {
        LocalDate end = LocalDate.parse(last);
        for (LocalDate d = LocalDate.parse(first); !d.isAfter(end); d = d.plusDays(1)) {
            days.add(new SpecialDay(d, DayKind.HOLIDAY, name));
        }
    }

    private static void workday(List<SpecialDay> days, String name, String date) {
        days.add(new SpecialDay(LocalDate.parse(date), DayKind.WORKDAY, name));
    }
}
