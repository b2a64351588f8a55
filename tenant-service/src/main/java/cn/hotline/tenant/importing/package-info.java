/**
 * Bulk import of users and seats from the Excel sheets offices already keep (工号, 姓名, 登录名, 角色, 技能组,
 * 工作站/部门, 手机号), with a per-row error report.
 */
@NullMarked
package cn.hotline.tenant.importing;

import org.jspecify.annotations.NullMarked;
