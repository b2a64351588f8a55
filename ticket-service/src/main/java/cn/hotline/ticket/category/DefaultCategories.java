package cn.hotline.ticket.category;

import java.util.List;

/**
 * The tree a tenant starts with: the common top-level areas of 12345 requests and a few children each. Tenants edit
 * it freely. No national classification codes are filled in: we do not hold the standard's table, and a guessed code
 * would be worse than none.
 */
final class DefaultCategories {

    private DefaultCategories() {}

    static List<Category> tree() {
        return List.of(
                root("env", "生态环境"),
                child("env.noise", "env", "噪声扰民"),
                child("env.air", "env", "大气污染"),
                child("env.water", "env", "水污染"),
                root("urban", "城乡建设"),
                child("urban.property", "urban", "物业管理"),
                child("urban.road", "urban", "道路设施"),
                child("urban.construction", "urban", "建筑施工"),
                root("traffic", "交通运输"),
                child("traffic.taxi", "traffic", "出租车"),
                child("traffic.bus", "traffic", "公交线路"),
                root("labour", "劳动和社会保障"),
                child("labour.wage", "labour", "拖欠工资"),
                child("labour.pension", "labour", "养老保险"),
                root("mi", "医疗保障"),
                child("mi.reimbursement", "mi", "医保报销"),
                child("mi.card", "mi", "医保卡与电子凭证"),
                child("mi.fraud", "mi", "欺诈骗保举报"),
                root("market", "市场监管"),
                child("market.consumer", "market", "消费纠纷"),
                child("market.food", "market", "食品安全"),
                root("gov", "政务服务"),
                child("gov.service", "gov", "办事指南咨询"),
                root("other", "其他"));
    }

    private static Category root(String code, String name) {
        return new Category(code, null, name, null, true);
    }

    private static Category child(String code, String parent, String name) {
        return new Category(code, parent, name, null, true);
    }
}
