package cn.hotline.call.session;

import reactor.core.publisher.Mono;

/** Stopgap routing: every call waits in {@code cc.call.session.default-group} with the default priority. */
final class DefaultGroupRouter implements CallRouter {

    private final Route route;

    DefaultGroupRouter(Route route) {
        this.route = route;
    }

    @Override
    public Mono<Route> route(LiveCall call) {
        return Mono.just(route);
    }
}
