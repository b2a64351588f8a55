package cn.hotline.devstack;

/**
 * A clean-up that runs once, whether the main thread or the shutdown hook gets there first; a second caller waits
 * until the first has finished, so the JVM never exits halfway through it.
 */
final class Once implements Runnable {

    private final Runnable action;
    private boolean done;

    Once(Runnable action) {
        this.action = action;
    }

    @Override
    public synchronized void run() {
        if (done) {
            return;
        }
        done = true;
        action.run();
    }
}
