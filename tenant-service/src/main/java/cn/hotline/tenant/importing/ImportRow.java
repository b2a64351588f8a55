package cn.hotline.tenant.importing;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One valid row of a users-and-seats sheet.
 *
 * @param row the Excel row number (1-based, as the office sees it)
 * @param seatNo 工号
 * @param displayName 姓名
 * @param username 登录名
 * @param roles role codes (from 角色, Chinese names or codes)
 * @param skills skill group code → level 1-10 (from 技能组, {@code code} or {@code code:level}, default level 5)
 * @param workstationOrDepartment 工作站/部门: a workstation id or a department name
 * @param phone 手机号
 */
public record ImportRow(
        int row,
        String seatNo,
        String displayName,
        String username,
        List<String> roles,
        Map<String, Integer> skills,
        @Nullable String workstationOrDepartment,
        @Nullable String phone) {

    public ImportRow {
        roles = List.copyOf(roles);
        skills = Map.copyOf(skills);
    }
}
