package cn.hotline.call.session;

import cn.hotline.call.acd.domain.SkillId;
import reactor.core.publisher.Mono;

/**
 * Chooses the queue (skill group) and priority of an admitted call. The one seam the routing rules (called number,
 * caller region, IVR choice, time, VIP) plug into; until then {@link DefaultGroupRouter} sends every call to the
 * configured default group.
 */
public interface CallRouter {

    Mono<Route> route(LiveCall call);

    /** Where the call waits for an agent. */
    record Route(SkillId group, int priority) {
        public Route {
            if (group == null || priority < 0) {
                throw new IllegalArgumentException("a route needs a group and a priority >= 0");
            }
        }
    }
}
