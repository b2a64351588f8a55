package cn.hotline.tenant.registry;

import cn.hotline.kernel.id.WorkstationId;

/** A workstation (工作站) of a tenant, e.g. {@code nanning.qingxiu} 青秀区. */
public record Workstation(WorkstationId id, String name) {

    public Workstation {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a workstation needs a name");
        }
    }
}
